import { CALL_OUTCOME_WORDS, CallLogDataSchema, EVENT_TYPE, PhoneDataSchema, PurchaseDataSchema, EmailDataSchema, StoreDataSchema, ChatDataSchema, SmsDataSchema, type TimelineItem } from '../../../shared/index.js';
import { formatDuration, formatMoney } from './format.js';

/** Title and short facts for a collapsed timeline row (details render the rest on demand). */
export function rowTitle(item: TimelineItem): string {
  if (item.summary) return item.summary;
  if (item.channel === 'email') {
    const r = EmailDataSchema.safeParse(item.data);
    if (r.success && r.data.subject) return r.data.subject;
  }
  if (item.channel === 'sms') {
    const r = SmsDataSchema.safeParse(item.data);
    if (r.success && r.data.body) return r.data.body;
  }
  return item.type;
}

export function rowFacts(item: TimelineItem): string[] {
  const d = item.data;
  switch (item.channel) {
    case 'phone': {
      // A call logged from the composer: the agent's outcome in words and who logged it.
      const logged = item.type === EVENT_TYPE.callLogged ? CallLogDataSchema.safeParse(d) : null;
      if (logged?.success) {
        const l = logged.data;
        return [l.direction, l.durationSec !== undefined ? formatDuration(l.durationSec) : undefined, CALL_OUTCOME_WORDS[l.callOutcome], l.agentName ? `logged by ${l.agentName}` : undefined].filter(Boolean) as string[];
      }
      const r = PhoneDataSchema.safeParse(d);
      if (!r.success) return [];
      return [r.data.direction, r.data.durationSec !== undefined ? formatDuration(r.data.durationSec) : undefined, r.data.outcome].filter(Boolean) as string[];
    }
    case 'email': {
      const r = EmailDataSchema.safeParse(d);
      return r.success ? ([r.data.direction, r.data.from].filter(Boolean) as string[]) : [];
    }
    case 'sms': {
      const r = SmsDataSchema.safeParse(d);
      return r.success && r.data.direction ? [r.data.direction] : [];
    }
    case 'chat': {
      const r = ChatDataSchema.safeParse(d);
      return r.success && r.data.messages ? [`${r.data.messages.length} messages`] : [];
    }
    case 'purchase': {
      const r = PurchaseDataSchema.safeParse(d);
      if (!r.success) return [];
      return [r.data.orderNumber, r.data.total !== undefined ? formatMoney(r.data.total, r.data.currency ?? 'USD') : undefined, r.data.status].filter(Boolean) as string[];
    }
    case 'store': {
      const r = StoreDataSchema.safeParse(d);
      if (!r.success) return [];
      return [r.data.storeName ?? r.data.storeId, r.data.visitType, r.data.total !== undefined ? formatMoney(r.data.total, r.data.currency ?? 'USD') : undefined].filter(Boolean) as string[];
    }
    default:
      return [];
  }
}
