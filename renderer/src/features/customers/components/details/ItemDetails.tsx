import { CallLogDataSchema, ChatDataSchema, EVENT_TYPE, EmailDataSchema, PhoneDataSchema, PurchaseDataSchema, SmsDataSchema, StoreDataSchema, type TimelineItem } from '../../../../../../shared/index.js';
import { formatDateTime, formatFull, zoneLabel } from '../../../../lib/format.js';
import { CallLogDetails } from './CallLogDetails.js';
import { ChannelExtras } from './ChannelExtras.js';
import { ChatDetails } from './ChatDetails.js';
import { EmailDetails } from './EmailDetails.js';
import { FallbackDetails } from './FallbackDetails.js';
import { PhoneDetails } from './PhoneDetails.js';
import { PurchaseDetails } from './PurchaseDetails.js';
import { SmsDetails } from './SmsDetails.js';
import { StoreDetails } from './StoreDetails.js';

/** Picks the rich renderer for the channel when `data` parses with its schema, else key/value. */
export function ItemDetails({ item }: { item: TimelineItem }) {
  return (
    <>
      {renderData(item)}
      {item.pii && item.pii.hidden.length > 0 && (
        <p className="pii-hidden" data-testid="pii-hidden">
          Hidden until the contact details are revealed: {hiddenWords(item.pii.hidden)}.
        </p>
      )}
      <ChannelExtras item={item} />
      <p className="item-source">
        <span title={formatFull(item.occurredAt)}>
          {formatDateTime(item.occurredAt)} {zoneLabel(item.occurredAt)}
        </span>{' '}
        · {typeWords(item.type)} · via {item.source}
      </p>
    </>
  );
}

/** `email.received` / `store_visit` -> `email received` / `store visit`. */
function typeWords(type: string): string {
  return type.replace(/[._]+/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

const HIDDEN_WORDS: Record<string, string> = { text: 'the message', html: 'the formatted message', attachments: 'attachments', recordingUrl: 'the call recording', transcript: 'the transcript', body: 'the message' };

/** `['text', 'html', 'attachments']` -> `the message, the formatted message, attachments`. */
function hiddenWords(keys: readonly string[]): string {
  return [...new Set(keys.map((k) => HIDDEN_WORDS[k] ?? k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()))].join(', ');
}

function renderData(item: TimelineItem) {
  const d = item.data;
  switch (item.channel) {
    case 'phone': {
      // A call an agent logged from the composer: its outcome in words and the agent's notes.
      const logged = item.type === EVENT_TYPE.callLogged ? CallLogDataSchema.safeParse(d) : null;
      if (logged?.success) return <CallLogDetails data={logged.data} />;
      const r = PhoneDataSchema.safeParse(d);
      if (r.success) return <PhoneDetails data={r.data} />;
      break;
    }
    case 'email': {
      const r = EmailDataSchema.safeParse(d);
      if (r.success) return <EmailDetails data={r.data} eventId={item.id} />;
      break;
    }
    case 'chat': {
      const r = ChatDataSchema.safeParse(d);
      if (r.success) return <ChatDetails data={r.data} />;
      break;
    }
    case 'social': {
      // Imported social threads (TWCS) carry chat-shaped messages.
      const r = ChatDataSchema.safeParse(d);
      if (r.success && r.data.messages?.length) return <ChatDetails data={r.data} />;
      break;
    }
    case 'sms': {
      const r = SmsDataSchema.safeParse(d);
      if (r.success) return <SmsDetails data={{ ...r.data, body: r.data.body ?? item.summary ?? undefined }} />;
      break;
    }
    case 'purchase': {
      const r = PurchaseDataSchema.safeParse(d);
      if (r.success) return <PurchaseDetails data={r.data} />;
      break;
    }
    case 'store': {
      const r = StoreDataSchema.safeParse(d);
      if (r.success) return <StoreDetails data={r.data} />;
      break;
    }
    default:
      break;
  }
  return <FallbackDetails data={d} />;
}
