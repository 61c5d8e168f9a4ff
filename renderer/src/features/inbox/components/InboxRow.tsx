import { forwardRef, memo } from 'react';
import type { Conversation } from '../../../../../shared/index.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { ChannelIcon } from '../../../ui/ChannelIcon.js';
import { RowActivity } from '../adapters/activity-badge.js';
import { RowSlaBadge } from '../adapters/sla-badge.js';
import { PRIORITY_LABEL, STATUS_LABEL, waitingWords } from '../words.js';

interface Props {
  conversation: Conversation;
  selected: boolean;
  checked: boolean;
  assigneeName: string | null;
  now: number;
  onSelect(): void;
  onOpen(): void;
  onCheck(): void;
}

/** One conversation in the inbox: customer, channel, subject, waiting time, SLA state and who is on it. */
export const InboxRow = memo(
  forwardRef<HTMLLIElement, Props>(function InboxRow({ conversation: c, selected, checked, assigneeName, now, onSelect, onOpen, onCheck }, ref) {
    const channel = c.channels[0] ?? 'note';
    return (
      <li
        ref={ref}
        role="option"
        aria-selected={selected}
        tabIndex={selected ? 0 : -1}
        className={`inbox-row${selected ? ' is-selected' : ''}${checked ? ' is-checked' : ''}`}
        data-testid="inbox-row"
        data-status={c.status}
        onClick={onSelect}
        onDoubleClick={onOpen}
      >
        <input
          type="checkbox"
          className="inbox-check"
          checked={checked}
          tabIndex={-1}
          aria-label={`Select conversation with ${c.customerName ?? 'unknown customer'}`}
          onChange={onCheck}
          onClick={(e) => e.stopPropagation()}
        />
        <span className="inbox-channel" title={CHANNEL_LABEL[channel]}>
          <ChannelIcon channel={channel} />
          <span className="inbox-channel-word">{CHANNEL_LABEL[channel]}</span>
        </span>
        <span className="inbox-main">
          <span className="inbox-line">
            <span className="inbox-customer" data-testid="row-customer">
              {c.customerName ?? 'Unknown customer'}
            </span>
            {c.priority !== 'normal' && <span className={`inbox-priority is-${c.priority}`}>{PRIORITY_LABEL[c.priority]}</span>}
            {c.status !== 'open' && <span className="inbox-status">{STATUS_LABEL[c.status]}</span>}
          </span>
          <span className="inbox-subject" data-testid="row-subject">
            {c.subject}
          </span>
        </span>
        <span className="inbox-facts">
          <RowSlaBadge conversation={c} now={now} />
          <span className="inbox-waiting">{waitingWords(c, now)}</span>
          <RowActivity customerId={c.customerId} assigneeName={assigneeName} />
        </span>
        <button
          type="button"
          className="btn btn-small inbox-open"
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
        >
          Open
        </button>
      </li>
    );
  }),
);
