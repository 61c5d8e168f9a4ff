import { memo } from 'react';
import type { TimelineItem as Item } from '../../../../../shared/index.js';
import { CHANNEL_LABEL } from '../../../lib/channel-meta.js';
import { formatFull, formatTime, formatTimeIn, zoneLabel } from '../../../lib/format.js';
import { rowFacts, rowTitle } from '../../../lib/row-facts.js';
import { ChannelIcon } from '../../../ui/ChannelIcon.js';
import { useIsHighlighted } from '../highlight.js';
import { ItemDetails } from './details/ItemDetails.js';

const CONVERSATION_STATUS_WORD = { open: 'open', pending: 'pending', snoozed: 'snoozed', solved: 'solved', closed: 'closed' } as const;

interface Props {
  item: Item;
  expanded: boolean;
  isNew: boolean;
  posInSet: number;
  /** Roving tabindex: one item is in the Tab order; arrows move within the list. */
  tabbable: boolean;
  setSize: number;
  onToggle(id: string): void;
}

/** One event: a button-row that expands (Enter/Space/click) into channel-specific details. */
export const TimelineItem = memo(function TimelineItem({ item, expanded, isNew, posInSet, setSize, tabbable, onToggle }: Props) {
  const headId = `tl-h-${item.id}`;
  const detailsId = `tl-d-${item.id}`;
  const facts = rowFacts(item);
  // A store visit whose event names the store's zone also shows the store's own clock.
  const storeZone = item.channel === 'store' ? (item.data['timeZone'] ?? item.data['storeTimeZone']) : undefined;
  const storeTime = typeof storeZone === 'string' ? formatTimeIn(item.occurredAt, storeZone) : '';
  // A hovered next-action reason points at this event.
  const highlighted = useIsHighlighted(item.id);
  return (
    <article
      className={`tl-item ch-${item.channel}${expanded ? ' is-open' : ''}${isNew ? ' is-new' : ''}${highlighted ? ' is-highlighted' : ''}`}
      data-highlighted={highlighted ? 'true' : undefined}
      data-testid="timeline-item"
      data-channel={item.channel}
      data-id={item.id}
      aria-labelledby={headId}
      aria-posinset={posInSet}
      aria-setsize={setSize}
    >
      <button type="button" id={headId} className="tl-head" tabIndex={tabbable ? 0 : -1} aria-expanded={expanded} aria-controls={detailsId} onClick={() => onToggle(item.id)}>
        <span className="tl-icon">
          <ChannelIcon channel={item.channel} />
        </span>
        <span className="tl-main">
          <span className="tl-title">{rowTitle(item)}</span>
          <span className="tl-meta">
            <span className="tl-channel">{CHANNEL_LABEL[item.channel]}</span>
            {facts.map((f, i) => (
              <span key={i} className="tl-fact">
                {f}
              </span>
            ))}
            {/* Which conversation (ticket) this item belongs to (features/inbox shows the conversation itself). */}
            {item.conversation && (
              <span className="tl-fact tl-conversation" data-testid="tl-conversation">
                in “{item.conversation.subject}” ({CONVERSATION_STATUS_WORD[item.conversation.status]})
              </span>
            )}
          </span>
        </span>
        {isNew && <span className="tl-new">New</span>}
        <time className="tl-time" dateTime={item.occurredAt} title={formatFull(item.occurredAt)}>
          {formatTime(item.occurredAt)} <span className="tl-zone">{zoneLabel(item.occurredAt)}</span>
          {storeTime && <span className="tl-store-time">store {storeTime}</span>}
        </time>
        <svg className="tl-chevron" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M4 2.5L7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </button>
      {expanded && (
        <div id={detailsId} className="tl-details" data-testid="item-details">
          <ItemDetails item={item} />
        </div>
      )}
    </article>
  );
});
