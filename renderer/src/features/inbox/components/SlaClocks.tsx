import type { SlaClock } from '../../../../../shared/sla.js';

const KIND_LABEL: Record<SlaClock['kind'], string> = { first_response: 'First response', next_response: 'Next response', resolution: 'Resolution' };
const STATE_LABEL: Record<SlaClock['state'], string> = { on_track: 'On track', at_risk: 'At risk', breached: 'Breached', paused: 'Paused', met: 'Met' };

/** The conversation's SLA clocks, each with the hub's own explanation ("due in 42 min (business hours; …)"). */
export function SlaClocks({ clocks }: { clocks: readonly SlaClock[] }) {
  if (clocks.length === 0) return <p className="muted">No response targets for this conversation.</p>;
  return (
    <ul className="sla-clocks" data-testid="sla-clocks" role="list">
      {clocks.map((c) => (
        <li key={c.kind} className={`sla-clock is-${c.state}`} data-state={c.state} data-kind={c.kind}>
          <span className="sla-clock-kind">{KIND_LABEL[c.kind]}</span>
          <span className={`inbox-sla is-${c.state}`}>{STATE_LABEL[c.state]}</span>
          <span className="sla-clock-why">{c.explanation}</span>
        </li>
      ))}
    </ul>
  );
}
