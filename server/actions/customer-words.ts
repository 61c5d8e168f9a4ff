import type { TimelineItem } from '../../shared/index.js';

/*
 * The customer's OWN words in an event: inbound text only (never the agent's reply, a campaign,
 * or a bot line), so sentiment and "the customer says it is late" read what the customer said.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Inbound text of one event, or null when the event carries no words of the customer. */
export function customerWords(item: TimelineItem): string | null {
  const d = item.data;
  switch (item.channel) {
    case 'chat': {
      const messages = Array.isArray(d['messages']) ? (d['messages'] as unknown[]) : [];
      const own = messages
        .filter((m): m is { role: string; text: string } => typeof m === 'object' && m !== null && (m as { role?: unknown }).role === 'customer')
        .map((m) => str(m.text))
        .filter((t): t is string => t !== undefined);
      return own.length > 0 ? own.join('\n') : null;
    }
    case 'email':
      if (d['direction'] !== 'inbound') return null;
      return str(d['text']) ?? item.summary;
    case 'sms':
      if (d['direction'] !== 'inbound') return null;
      return str(d['body']) ?? item.summary;
    case 'phone':
      // A call's summary is what it was about, from the customer's side (a transcript when the connector has one).
      if (d['direction'] !== 'inbound') return null;
      return str(d['transcript']) ?? item.summary;
    case 'social':
      if (d['direction'] === 'outbound') return null;
      return str(d['text']) ?? item.summary;
    default:
      return null;
  }
}

/** Is this event the customer reaching out (as opposed to us reaching them)? */
export function isInboundContact(item: TimelineItem): boolean {
  switch (item.channel) {
    case 'phone':
    case 'email':
    case 'sms':
      return item.data['direction'] === 'inbound';
    case 'chat':
      return true;
    case 'social':
      return item.data['direction'] !== 'outbound';
    default:
      return false;
  }
}

/** Is this event us answering on the channel (agent reply, outbound call/sms)? Campaigns do not answer anyone. */
export function isOutboundReply(item: TimelineItem): boolean {
  if (item.type === 'email.campaign' || item.source === 'marketing-email') return false;
  return item.data['direction'] === 'outbound';
}
