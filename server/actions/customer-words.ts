import type { EventMeaning, TimelineItem } from '../../shared/index.js';

/*
 * The customer's OWN words in an event: inbound text only (never the agent's reply, a campaign,
 * a bot line, or a status line a connector generated), so sentiment and "what the customer says
 * is wrong" read what the customer said. `m` is the event's meaning in the shared vocabulary.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** Who reached whom: data.direction, else what the type itself says. */
export function directionOf(item: TimelineItem, m: EventMeaning): 'inbound' | 'outbound' | undefined {
  const d = item.data['direction'];
  return d === 'inbound' || d === 'outbound' ? d : m.direction;
}

/** The summary, unless the connector generated it (a status line is nobody's words). */
const humanSummary = (item: TimelineItem, m: EventMeaning) => (m.generatedSummary ? undefined : (str(item.summary) ?? undefined));

/** Inbound text of one event, or null when the event carries no words of the customer. */
export function customerWords(item: TimelineItem, m: EventMeaning): string | null {
  const d = item.data;
  const inbound = directionOf(item, m) === 'inbound';
  switch (m.category) {
    case 'chat':
    case 'social': {
      const messages = Array.isArray(d['messages']) ? (d['messages'] as unknown[]) : [];
      if (messages.length === 0) return m.category === 'social' && directionOf(item, m) !== 'outbound' ? (str(d['text']) ?? humanSummary(item, m) ?? null) : null;
      const own = messages
        .filter((x): x is { role: string; text: string } => typeof x === 'object' && x !== null && (x as { role?: unknown }).role === 'customer')
        .map((x) => str(x.text))
        .filter((t): t is string => t !== undefined);
      return own.length > 0 ? own.join('\n') : null;
    }
    case 'email':
      return inbound ? (str(d['text']) ?? humanSummary(item, m) ?? null) : null;
    case 'sms':
      return inbound ? (str(d['body']) ?? humanSummary(item, m) ?? null) : null;
    case 'call':
      // A call's words: a transcript or the agent's notes; a hand-written summary says what it was about.
      return inbound ? (str(d['transcript']) ?? str(d['notes']) ?? humanSummary(item, m) ?? null) : null;
    default:
      return null;
  }
}

/** Is this event the customer reaching out (as opposed to us reaching them)? */
export function isInboundContact(item: TimelineItem, m: EventMeaning): boolean {
  switch (m.category) {
    case 'call':
    case 'email':
    case 'sms':
      return directionOf(item, m) === 'inbound';
    case 'chat':
      return true;
    case 'social':
      return directionOf(item, m) !== 'outbound';
    default:
      return false;
  }
}

/** Is this event us answering on the channel (agent reply, outbound call/sms)? Campaigns do not answer anyone. */
export function isOutboundReply(item: TimelineItem, m: EventMeaning): boolean {
  if (m.category === 'email_campaign' || item.source === 'marketing-email') return false;
  return (m.category === 'call' || m.category === 'email' || m.category === 'sms' || m.category === 'chat' || m.category === 'social') && directionOf(item, m) === 'outbound';
}
