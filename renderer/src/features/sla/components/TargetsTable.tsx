import { PRIORITIES, type Priority, type SlaTargets } from '../../../../../shared/sla.js';
import { durationWords } from '../words.js';

const PRIORITY_WORDS: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };
const COLUMNS: { key: keyof SlaTargets; label: string }[] = [
  { key: 'firstResponseMin', label: 'First response' },
  { key: 'nextResponseMin', label: 'Next response' },
  { key: 'resolutionMin', label: 'Resolution' },
];
const ORDER = [...PRIORITIES].reverse() as Priority[]; // urgent first

/** Targets per priority in business minutes; an empty field = no target of that kind. */
export function TargetsTable({ value, onChange }: { value: Record<Priority, SlaTargets>; onChange(next: Record<Priority, SlaTargets>): void }) {
  const set = (p: Priority, key: keyof SlaTargets, raw: string) => {
    const n = raw.trim() === '' ? null : Math.max(1, Math.round(Number(raw)));
    onChange({ ...value, [p]: { ...value[p], [key]: Number.isFinite(n) ? n : null } });
  };
  return (
    <table className="sla-targets" data-testid="sla-targets">
      <caption className="visually-hidden">Response targets per priority, in business minutes</caption>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          {COLUMNS.map((c) => (
            <th key={c.key} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ORDER.map((p) => (
          <tr key={p}>
            <th scope="row">{PRIORITY_WORDS[p]}</th>
            {COLUMNS.map((c) => {
              const v = value[p][c.key];
              const id = `sla-${p}-${c.key}`;
              return (
                <td key={c.key}>
                  <label className="visually-hidden" htmlFor={id}>{`${PRIORITY_WORDS[p]} ${c.label.toLowerCase()} in minutes`}</label>
                  <input id={id} type="number" min={1} step={1} inputMode="numeric" className="sla-minutes" value={v ?? ''} placeholder="none" onChange={(e) => set(p, c.key, e.target.value)} />
                  <span className="sla-minutes-words muted">{v ? durationWords(v * 60_000) : 'no target'}</span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
