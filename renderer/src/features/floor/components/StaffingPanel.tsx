import { METRIC_DEFINITIONS, NO_QUEUE, type StaffingRow } from '../../../../../shared/metrics.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import type { FloorFilter } from '../api.js';
import { useStaffing } from '../hooks.js';
import { percentWords, secondsWords } from '../words.js';
import { Term } from './Term.js';

const shown = (r: StaffingRow, f: FloorFilter) => (f.queue === null || (r.queueId ?? NO_QUEUE) === f.queue) && (f.channel === null || r.channel === f.channel);
// Quiet rows (no arrivals, nobody needed) say nothing a lead must act on.
const matters = (r: StaffingRow) => r.arrivalsPerHour > 0 || r.agentsNeeded > 0;

/** Erlang C over the next 30 minutes: "Returns · Chat: need 2 more for 80/20", with what it is based on. */
export function StaffingPanel({ filter }: { filter: FloorFilter }) {
  const staffing = useStaffing();
  const rows = (staffing.data?.rows ?? []).filter((r) => shown(r, filter) && matters(r)).sort((a, b) => b.gap - a.gap);
  return (
    <section className="floor-card floor-staffing" aria-labelledby="floor-staffing-title" data-testid="floor-staffing">
      <h2 id="floor-staffing-title">
        <Term formula={METRIC_DEFINITIONS['agentsNeeded'] ?? ''}>Staffing, next {staffing.data?.horizonMin ?? 30} minutes</Term>
      </h2>
      {staffing.isError && <p className="form-error">Could not load the forecast.</p>}
      {staffing.data && rows.length === 0 && <p className="muted">No arrivals in the last 30 minutes: nobody needed beyond who is online.</p>}
      <ul className="floor-staffing-list">
        {rows.map((r) => (
          <li key={`${r.queueId ?? 'none'}-${r.channel}`} className={r.gap > 0 ? 'is-short' : r.gap < 0 ? 'is-spare' : 'is-even'} data-testid="staffing-line">
            <span className="floor-staffing-main">
              <strong>
                {r.queueName} · {CHANNEL_LABEL[r.channel]}:
              </strong>{' '}
              {r.summary}
            </span>
            <span className="floor-staffing-why">
              {r.agentsOnline} online, {r.agentsNeeded} needed · {Math.round(r.arrivalsPerHour)} an hour · handle time {secondsWords(r.ahtSec)}
              {r.concurrency > 1 ? ` · ${Math.round(r.concurrency * 10) / 10} at once` : ''}
              {r.predictedServiceLevel !== null ? ` · expect ${percentWords(r.predictedServiceLevel)} in time` : ' · cannot keep up now'}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
