import { BAND_WORDS, type Band } from '../words.js';
import { Term } from './Term.js';

interface Props {
  label: string;
  value: string;
  /** The published formula, shown on hover and on keyboard focus of the label. */
  formula: string;
  band?: Band;
  /** A smaller line under the value (e.g. the service-level goal). */
  note?: string;
  /** Opens the conversations behind the number. */
  onDrill?: () => void;
  testId?: string;
}

/** One headline number on the floor: its name (with the formula), the value (a drill-down button when it has conversations behind it), its colour band in words too. */
export function Figure({ label, value, formula, band = 'none', note, onDrill, testId }: Props) {
  const words = BAND_WORDS[band];
  return (
    <div className={`floor-figure band-${band}`} data-testid={testId} data-band={band}>
      <Term formula={formula} className="floor-figure-label">
        {label}
      </Term>
      {onDrill ? (
        <button type="button" className="floor-figure-value" onClick={onDrill} aria-label={`${label}: ${value}${words ? `, ${words}` : ''}. Show the conversations`} data-testid={testId ? `${testId}-value` : undefined}>
          {value}
        </button>
      ) : (
        <span className="floor-figure-value" data-testid={testId ? `${testId}-value` : undefined}>
          {value}
        </span>
      )}
      {(note || words) && (
        <span className="floor-figure-note">
          {words && <span className={`floor-band-word band-${band}`}>{words}</span>}
          {note}
        </span>
      )}
    </div>
  );
}
