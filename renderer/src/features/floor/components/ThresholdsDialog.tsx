import { useState } from 'react';
import { COLOURED_METRICS, DEFAULT_SL_THRESHOLD_SEC, DEFAULT_SL_TARGET, type ColouredMetric, type MetricsSettings, type ThresholdBand } from '../../../../../shared/metrics.js';
import { refusalText } from '../../../lib/field-errors.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { Modal } from '../../../ui/Modal.js';
import { useSaveMetricsSettings } from '../hooks.js';
import { COLOUR_LABEL, COLOUR_UNITS, fromEditUnit, toEditUnit } from '../words.js';

const SL_CHANNELS = ['phone', 'chat', 'sms', 'email'] as const;
/** Service level is the one coloured figure where more is better. */
const HIGHER_IS_BETTER: Record<ColouredMetric, boolean> = { serviceLevel: true, asaSec: false, abandonmentRate: false, occupancy: false, oldestWaitSec: false, waiting: false };
const UNIT_WORDS = { percent: '%', seconds: 's', count: '' } as const;

/** Leads set the colour lines of the floor's figures, T and target per channel, and the short-abandon seconds. */
export function ThresholdsDialog({ settings, onClose }: { settings: MetricsSettings; onClose(): void }) {
  const [draft, setDraft] = useState<MetricsSettings>(settings);
  const save = useSaveMetricsSettings();
  const setBand = (m: ColouredMetric, part: 'warn' | 'bad', raw: string) => {
    const current: ThresholdBand = draft.colours[m] ?? { warn: 0, bad: 0, higherIsBetter: HIGHER_IS_BETTER[m] };
    setDraft({ ...draft, colours: { ...draft.colours, [m]: { ...current, [part]: fromEditUnit(m, Number(raw)) } } });
  };
  const sl = (ch: (typeof SL_CHANNELS)[number]) => draft.serviceLevel[ch] ?? { thresholdSec: DEFAULT_SL_THRESHOLD_SEC[ch], target: DEFAULT_SL_TARGET };
  const error = refusalText(save.error);
  return (
    <Modal title="Colours and targets" onClose={onClose} testId="floor-thresholds" wide>
      <form
        className="floor-thresholds"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft, { onSuccess: onClose });
        }}
      >
        <fieldset>
          <legend>Colour lines</legend>
          <p className="muted">Green while better than the amber line, amber until the red line, red beyond it.</p>
          <table className="floor-thresholds-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">Amber from</th>
                <th scope="col">Red from</th>
              </tr>
            </thead>
            <tbody>
              {COLOURED_METRICS.map((m) => {
                const b = draft.colours[m];
                const unit = UNIT_WORDS[COLOUR_UNITS[m]];
                return (
                  <tr key={m}>
                    <th scope="row">
                      {COLOUR_LABEL[m]}
                      <span className="floor-cell-note">{HIGHER_IS_BETTER[m] ? 'higher is better' : 'lower is better'}</span>
                    </th>
                    {(['warn', 'bad'] as const).map((part) => (
                      <td key={part}>
                        <input
                          type="number"
                          min={0}
                          step="any"
                          value={b ? toEditUnit(m, b[part]) : ''}
                          aria-label={`${COLOUR_LABEL[m]}: ${part === 'warn' ? 'amber' : 'red'} from${unit ? ` (${unit === '%' ? 'percent' : 'seconds'})` : ''}`}
                          onChange={(e) => setBand(m, part, e.target.value)}
                          data-testid={`band-${m}-${part}`}
                        />{' '}
                        {unit}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>Service level goals</legend>
          <table className="floor-thresholds-table">
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Answer within</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {SL_CHANNELS.map((ch) => (
                <tr key={ch}>
                  <th scope="row">{CHANNEL_LABEL[ch]}</th>
                  <td>
                    <input
                      type="number"
                      min={1}
                      value={sl(ch).thresholdSec}
                      aria-label={`${CHANNEL_LABEL[ch]}: answer within (seconds)`}
                      onChange={(e) => setDraft({ ...draft, serviceLevel: { ...draft.serviceLevel, [ch]: { ...sl(ch), thresholdSec: Math.round(Number(e.target.value)) } } })}
                    />{' '}
                    s
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={100}
                      value={Math.round(sl(ch).target * 100)}
                      aria-label={`${CHANNEL_LABEL[ch]}: target (percent)`}
                      onChange={(e) => setDraft({ ...draft, serviceLevel: { ...draft.serviceLevel, [ch]: { ...sl(ch), target: Number(e.target.value) / 100 } } })}
                    />{' '}
                    %
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label className="floor-short">
            Short abandons: left within{' '}
            <input type="number" min={0} max={600} value={draft.shortAbandonSec} onChange={(e) => setDraft({ ...draft, shortAbandonSec: Math.round(Number(e.target.value)) })} /> s (not counted as offered)
          </label>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="thresholds-save">
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
