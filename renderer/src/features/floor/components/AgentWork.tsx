import { useState } from 'react';
import type { FloorAgent } from '../../../../../shared/metrics.js';
import { describeError } from '../../../api/hub-error.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { formatRelative } from '../../../lib/format.js';
import { useAssignFromFloor, useHeldBy } from '../hooks.js';

/** One agent's open conversations: reassign to another agent or pull back to the queue. */
export function AgentWork({ agent, agents, canManage }: { agent: FloorAgent; agents: readonly FloorAgent[]; canManage: boolean }) {
  const held = useHeldBy(agent.userId);
  const assign = useAssignFromFloor();
  const [notice, setNotice] = useState('');
  const others = agents.filter((a) => a.userId !== agent.userId && a.state !== 'offline');
  const move = (conversationId: string, to: FloorAgent | null, who: string) => {
    setNotice('');
    assign.mutate(
      { conversationId, assigneeId: to?.userId ?? null },
      { onSuccess: () => setNotice(to ? `${who}: now with ${to.name}.` : `${who}: back in the queue.`), onSettled: () => void held.refetch() },
    );
  };
  return (
    <div className="floor-work" data-testid="agent-work">
      <p className="floor-notice" role="status">
        {notice}
      </p>
      {assign.isError && (
        <p className="form-error" role="alert">
          Could not move it: {describeError(assign.error)}
        </p>
      )}
      {held.isPending && <p className="muted">Loading…</p>}
      {held.data?.length === 0 && <p className="muted">{agent.name} holds no open conversations.</p>}
      <ul>
        {held.data?.map((c) => {
          const who = c.customerName ?? 'Unknown customer';
          return (
            <li key={c.id} data-testid="held-conversation">
              <span className="floor-work-what">
                <strong>{who}</strong> · {c.channels.map((ch) => CHANNEL_LABEL[ch]).join(', ')} · {c.subject}
                <span className="muted"> · opened {formatRelative(c.createdAt)}</span>
              </span>
              {canManage && (
                <span className="floor-work-actions">
                  <select
                    aria-label={`Reassign ${who}'s conversation to`}
                    value=""
                    disabled={assign.isPending || others.length === 0}
                    onChange={(e) => {
                      const to = others.find((o) => o.userId === e.target.value);
                      if (to) move(c.id, to, who);
                    }}
                    data-testid="reassign"
                  >
                    <option value="">Reassign to…</option>
                    {others.map((o) => (
                      <option key={o.userId} value={o.userId}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="btn btn-small" disabled={assign.isPending} onClick={() => move(c.id, null, who)} data-testid="pull-back">
                    Pull back to queue
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
