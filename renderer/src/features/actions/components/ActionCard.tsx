import { useState } from 'react';
import type { ActionFeedbackRequest, RecommendedAction } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { useHighlight } from '../../customers/highlight.js';
import { priorityWords } from './priority.js';
import { useActionFeedback, useExecuteAction } from '../hooks.js';

const KIND_LABEL: Record<RecommendedAction['kind'], string> = {
  escalate_to_lead: 'Escalate',
  goodwill_credit: 'Goodwill credit',
  proactive_delivery_update: 'Delivery update',
  cart_reminder: 'Cart reminder',
  suppress_promotion: 'Suppress promos',
  cross_sell: 'Cross-sell',
  retention_offer: 'Retention',
  schedule_callback: 'Callback',
  store_pickup_alternative: 'Pickup elsewhere',
  hold_notifications: 'Hold notifications',
  reply_now: 'Reply now',
};

type Outcome = ActionFeedbackRequest['outcome'];
const DONE_TEXT: Record<Outcome | 'executed', string> = {
  accepted: 'Accepted',
  dismissed: 'Dismissed',
  snoozed: 'Snoozed for 24 h',
  executed: 'Done: added to the timeline',
};

/** One recommended action: why (hover a reason to see its events), feedback, and one-click execute. */
export function ActionCard({ action, customerId, rank }: { action: RecommendedAction; customerId: string; rank: number }) {
  const highlight = useHighlight((s) => s.highlight);
  const clear = useHighlight((s) => s.clear);
  const feedback = useActionFeedback(customerId);
  const execute = useExecuteAction(customerId);
  const [reason, setReason] = useState('');
  const [showReason, setShowReason] = useState(false);
  const [done, setDone] = useState<Outcome | 'executed' | null>(null);
  const busy = feedback.isPending || execute.isPending;
  const error = feedback.error ?? execute.error;
  const titleId = `action-title-${action.id}`;

  const send = (outcome: Outcome) => {
    const r = reason.trim();
    feedback.mutate({ actionId: action.id, feedback: r ? { outcome, reason: r } : { outcome } }, { onSuccess: () => setDone(outcome) });
  };

  return (
    <li className={`action-card${done ? ` is-${done}` : ''}`} data-testid="action-card" data-kind={action.kind} data-id={action.id} aria-labelledby={titleId}>
      <div className="action-head">
        <span className="action-rank" aria-hidden="true">
          {rank}
        </span>
        <span className="action-kind">{KIND_LABEL[action.kind]}</span>
        <span className="action-priority" data-testid="action-priority" title="Ranked by how strong the evidence is and how often agents take this kind of action">
          {priorityWords(action.score, rank)}
        </span>
      </div>
      <h3 id={titleId} className="action-title">
        {action.title}
      </h3>
      <ul className="action-reasons" aria-label="Why">
        {action.reasons.map((r, i) => (
          <li
            key={i}
            className="action-reason"
            data-testid="action-reason"
            data-event-ids={r.eventIds.join(' ')}
            tabIndex={0}
            onMouseEnter={() => highlight(r.eventIds)}
            onMouseLeave={clear}
            onFocus={() => highlight(r.eventIds)}
            onBlur={clear}
          >
            {r.text}
            {r.eventIds.length > 0 && <span className="action-reason-count"> · {r.eventIds.length} event{r.eventIds.length > 1 ? 's' : ''}</span>}
          </li>
        ))}
      </ul>
      {done ? (
        <p className="action-done" role="status">
          {DONE_TEXT[done]}
        </p>
      ) : (
        <>
          <div className="action-buttons">
            <button type="button" className="action-execute" data-testid="action-execute" disabled={busy} onClick={() => execute.mutate(action.id, { onSuccess: () => setDone('executed') })} title={action.execute.label}>
              {action.execute.label}
            </button>
            <button type="button" data-testid="action-accept" disabled={busy} onClick={() => send('accepted')}>
              Accept
            </button>
            <button type="button" data-testid="action-snooze" disabled={busy} onClick={() => send('snoozed')}>
              Snooze
            </button>
            <button type="button" data-testid="action-dismiss" disabled={busy} onClick={() => send('dismissed')}>
              Dismiss
            </button>
            {!showReason && (
              <button type="button" className="action-link" onClick={() => setShowReason(true)}>
                + reason
              </button>
            )}
          </div>
          {showReason && (
            <input
              className="action-reason-input"
              data-testid="action-feedback-reason"
              aria-label="Reason for your feedback (optional)"
              placeholder="Reason (optional)"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </>
      )}
      {error && (
        <p className="action-error" role="alert">
          {describeError(error)}
        </p>
      )}
    </li>
  );
}
