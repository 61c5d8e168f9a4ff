import { useState } from 'react';
import { SETTABLE_STATUSES, type ConversationDetail, type ConversationPatch } from '../../../../../shared/index.js';
import { PRIORITIES } from '../../../../../shared/sla.js';
import { describeError } from '../../../api/hub-error.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { formatDateTime } from '../../../lib/format.js';
import { useCan } from '../../auth/permissions.js';
import { useConversationChange, useDirectory } from '../hooks.js';
import { PRIORITY_LABEL, STATUS_LABEL, waitingWords } from '../words.js';
import { SlaClocks } from './SlaClocks.js';
import { SnoozeMenu } from './SnoozeMenu.js';
import { TagEditor } from './TagEditor.js';

/** The conversation above the customer's timeline: subject, status, priority, queue, assignee, SLA clocks, tags. */
export function ConversationHeader({ detail }: { detail: ConversationDetail }) {
  const c = detail.conversation;
  const dir = useDirectory();
  const canWork = useCan('conversation.work');
  const canAssign = useCan('conversation.assign');
  const change = useConversationChange();
  const [snoozing, setSnoozing] = useState(false);
  const [error, setError] = useState('');
  const set = (patch: ConversationPatch) => {
    setError('');
    change.mutate({ ids: [c.id], patch }, { onError: (err) => setError(describeError(err)) });
  };
  const busy = change.isPending || !canWork;
  const assigneeChoices = [...(dir.me ? [{ id: dir.me.id, name: `${dir.me.name} (me)` }] : []), ...dir.teammates];
  if (c.assigneeId && !assigneeChoices.some((p) => p.id === c.assigneeId)) assigneeChoices.push({ id: c.assigneeId, name: dir.nameOf(c.assigneeId) ?? 'a teammate' });

  return (
    <section className="conv-header" aria-labelledby="conv-subject" data-testid="conversation-header">
      <div className="conv-top">
        <h1 id="conv-subject" className="conv-subject">
          {c.subject}
        </h1>
        <span className="conv-sub muted">
          {c.channels.map((ch) => CHANNEL_LABEL[ch]).join(', ')} · opened {formatDateTime(c.createdAt)} · {waitingWords(c, Date.now())}
          {c.status === 'snoozed' && c.snoozedUntil ? ` · snoozed until ${formatDateTime(c.snoozedUntil)}` : ''}
        </span>
      </div>
      <div className="conv-fields">
        <label className="conv-field">
          <span>Status</span>
          <select
            data-testid="conv-status"
            value={c.status === 'closed' ? 'solved' : c.status}
            disabled={busy}
            onChange={(e) => (e.target.value === 'snoozed' ? setSnoozing(true) : set({ status: e.target.value as (typeof SETTABLE_STATUSES)[number] }))}
          >
            {SETTABLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="conv-field">
          <span>Priority</span>
          <select data-testid="conv-priority" value={c.priority} disabled={busy} onChange={(e) => set({ priority: e.target.value as (typeof PRIORITIES)[number] })}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="conv-field">
          <span>Queue</span>
          <select data-testid="conv-queue" value={c.queueId ?? ''} disabled={busy || !canAssign} onChange={(e) => set({ queueId: e.target.value || null })}>
            <option value="">No queue</option>
            {dir.queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
            {c.queueId && !dir.queues.some((q) => q.id === c.queueId) && <option value={c.queueId}>{dir.queueNameOf(c.queueId)}</option>}
          </select>
        </label>
        <label className="conv-field">
          <span>Assignee</span>
          <select data-testid="conv-assignee" value={c.assigneeId ?? ''} disabled={busy || !canAssign} onChange={(e) => set({ assigneeId: e.target.value || null })}>
            <option value="">Nobody</option>
            {assigneeChoices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        {!canAssign && dir.me && c.assigneeId !== dir.me.id && (
          <button type="button" className="btn btn-small" data-testid="conv-take" disabled={busy} onClick={() => set({ assigneeId: dir.me!.id })}>
            Assign to me
          </button>
        )}
        {c.status !== 'solved' && (
          <button type="button" className="btn btn-small btn-primary" data-testid="conv-solve" disabled={busy} onClick={() => set({ status: 'solved' })}>
            Solve
          </button>
        )}
      </div>
      <TagEditor tags={c.tags} disabled={busy} onChange={(tags) => set({ tags })} />
      <SlaClocks clocks={detail.clocks} />
      {error && (
        <p className="error" role="alert">
          Could not change it: {error}
        </p>
      )}
      {snoozing && (
        <SnoozeMenu
          onPick={(until) => {
            setSnoozing(false);
            set({ status: 'snoozed', snoozedUntil: until.toISOString() });
          }}
          onClose={() => setSnoozing(false)}
        />
      )}
    </section>
  );
}
