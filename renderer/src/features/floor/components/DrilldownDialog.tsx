import type { DrillRow } from '../../../../../shared/metrics.js';
import { Modal } from '../../../ui/Modal.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { formatTime } from '../../../lib/format.js';
import { useOpenConversation } from '../../inbox/navigation.js';
import type { FloorFilter } from '../api.js';
import { useDrilldown } from '../hooks.js';
import { secondsWords } from '../words.js';
import type { DrillTarget } from './QueueTable.js';

const OUTCOME_WORDS: Record<DrillRow['outcome'], string> = { waiting: 'Waiting', answered: 'Answered', abandoned: 'Abandoned', short_abandoned: 'Left within seconds' };

interface Props {
  target: DrillTarget | Omit<DrillTarget, 'queueId' | 'channel'>;
  filter: FloorFilter;
  onExport(filter: FloorFilter, target: Props['target']): void;
  onClose(): void;
}

/** The contacts behind one number, each opening its conversation; CSV of the same rows. */
export function DrilldownDialog({ target, filter, onExport, onClose }: Props) {
  // A table cell narrows the floor's filter to its own queue and channel.
  const f: FloorFilter = 'channel' in target ? { ...filter, queue: target.queueId ?? 'none', channel: target.channel } : filter;
  const drill = useDrilldown(f, target.metric);
  const openConversation = useOpenConversation();
  return (
    <Modal title={target.title} onClose={onClose} testId="floor-drilldown" wide>
      {drill.isPending && <p className="muted">Loading…</p>}
      {drill.isError && <p className="form-error">Could not load the conversations.</p>}
      {drill.data && (
        <>
          <p className="muted" data-testid="drill-count">
            {drill.data.total.toLocaleString()} {drill.data.total === 1 ? 'contact' : 'contacts'}
            {drill.data.truncated ? `, the first ${drill.data.rows.length} shown` : ''}
          </p>
          <div className="floor-drill-wrap">
            <table className="floor-table floor-drill-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Queue</th>
                  <th scope="col">Arrived</th>
                  <th scope="col">Waited</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {drill.data.rows.map((r) => (
                  <tr key={r.contactId} data-testid="drill-row">
                    <th scope="row">
                      {r.conversationId ? (
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => {
                            onClose();
                            openConversation(r.conversationId!, r.customerId ?? undefined);
                          }}
                        >
                          {r.customerName ?? 'Unknown customer'}
                        </button>
                      ) : (
                        (r.customerName ?? 'Unknown customer')
                      )}
                    </th>
                    <td>
                      {r.queueName} · {CHANNEL_LABEL[r.channel]}
                    </td>
                    <td>{formatTime(r.arrivedAt)}</td>
                    <td>{secondsWords(r.waitSec)}</td>
                    <td>{OUTCOME_WORDS[r.outcome]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <div className="modal-actions">
        <button type="button" className="btn" onClick={() => onExport(f, target)} data-testid="drill-export">
          Download these (CSV)
        </button>
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
