import { CONSENT_CHANNELS, classifyEventType, microsToIso, type ChannelConsent, type ConsentChannel, type ConsentSource } from '../../shared/index.js';

/*
 * Per-channel marketing consent read from the events that carry it. Pure: the same events give the same
 * answer. The latest signal per channel wins (by occurrence time, then id). Signals, strongest first:
 * - `data.marketingConsent` { email?, sms? }: what connectors write (Shopify's email/SMS marketing consent);
 * - `data.marketingOptIn` (boolean, email): older Shopify account events (accepts_marketing);
 * - consent event types (`consent.marketing_opt_out`, `email.unsubscribed`, `sms.opted_out`, `consent.marketing_opt_in`),
 *   for the channels in `data.channels` (else the type's own channel, else both);
 * - an inbound text message that is only a carrier keyword: STOP (and its synonyms) opts out of SMS, START opts back in.
 */

export interface ConsentEvent {
  id: string;
  source: string;
  channel: string;
  type: string;
  /** Microseconds since the epoch (the events table), or an ISO string (timeline items). */
  occurredAt: number | string;
  data: Record<string, unknown>;
}

/** Carrier opt-out / opt-in keywords (what Twilio itself honours), matched on the whole trimmed message. */
const SMS_STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const SMS_START = new Set(['START', 'UNSTOP']);

interface Signal {
  channel: ConsentChannel;
  granted: boolean;
  what: string;
}

const at = (occurredAt: number | string): number => (typeof occurredAt === 'number' ? occurredAt / 1000 : Date.parse(occurredAt));
const iso = (occurredAt: number | string): string => (typeof occurredAt === 'number' ? microsToIso(occurredAt) : occurredAt);

/** The consent signals one event carries (none for most events). */
export function consentSignals(e: ConsentEvent): Signal[] {
  const d = e.data;
  const out: Signal[] = [];
  const normalized = d['marketingConsent'];
  if (normalized && typeof normalized === 'object' && !Array.isArray(normalized)) {
    for (const channel of CONSENT_CHANNELS) {
      const v = (normalized as Record<string, unknown>)[channel];
      if (v === 'granted' || v === 'denied') out.push({ channel, granted: v === 'granted', what: `${channel === 'sms' ? 'SMS' : 'email'} marketing ${v === 'granted' ? 'allowed' : 'refused'}` });
    }
  }
  if (typeof d['marketingOptIn'] === 'boolean' && !out.some((s) => s.channel === 'email')) {
    out.push({ channel: 'email', granted: d['marketingOptIn'], what: `email marketing ${d['marketingOptIn'] ? 'allowed' : 'refused'}` });
  }
  const category = classifyEventType(e.type).category;
  if (category === 'consent_opt_out' || category === 'consent_opt_in') {
    const granted = category === 'consent_opt_in';
    for (const channel of typeChannels(e)) {
      if (!out.some((s) => s.channel === channel)) out.push({ channel, granted, what: `${channel === 'sms' ? 'SMS' : 'email'} marketing ${granted ? 'allowed' : 'refused'}` });
    }
  }
  if (isInboundText(e)) {
    const text = messageText(d);
    const word = text?.trim().toUpperCase();
    if (word && (SMS_STOP.has(word) || SMS_START.has(word))) out.push({ channel: 'sms', granted: SMS_START.has(word), what: `replied "${word}"` });
  }
  return out;
}

/**
 * One channel's signal as its event carries it, with what the profile shows of that event: the row
 * consent_signals keeps per (event, channel) at write time (consent-signals.ts), so reading a customer's
 * consent never reads its events.
 */
export interface ChannelSignal {
  eventId: string;
  channel: ConsentChannel;
  granted: boolean;
  what: string;
  occurredAt: number | string;
  source: string;
  eventChannel: string;
  eventType: string;
  /** The event is a text message from the customer (its words say so). */
  inboundText: boolean;
}

/** The signals one event carries, the first per channel (what readConsents always kept of one event). */
export function channelSignals(e: ConsentEvent): ChannelSignal[] {
  const out: ChannelSignal[] = [];
  const signals = consentSignals(e);
  if (signals.length === 0) return out;
  const inboundText = isInboundText(e);
  for (const s of signals) {
    if (out.some((o) => o.channel === s.channel)) continue;
    out.push({ eventId: e.id, channel: s.channel, granted: s.granted, what: s.what, occurredAt: e.occurredAt, source: e.source, eventChannel: e.channel, eventType: e.type, inboundText });
  }
  return out;
}

/** Each channel's latest consent, with the event it was read from. */
export function readConsents(events: Iterable<ConsentEvent>): ChannelConsent[] {
  const signals: ChannelSignal[] = [];
  for (const e of events) signals.push(...channelSignals(e));
  return consentsFromSignals(signals);
}

/** Each channel's latest signal (by occurrence time, then event id) as the profile shows it. */
export function consentsFromSignals(signals: Iterable<ChannelSignal>): ChannelConsent[] {
  const latest = new Map<ConsentChannel, { s: ChannelSignal; t: number }>();
  for (const s of signals) {
    const t = at(s.occurredAt);
    if (!Number.isFinite(t)) continue;
    const prev = latest.get(s.channel);
    if (!prev || t > prev.t || (t === prev.t && s.eventId > prev.s.eventId)) latest.set(s.channel, { s, t });
  }
  return CONSENT_CHANNELS.map((channel) => {
    const l = latest.get(channel);
    if (!l) return { channel, state: 'unknown', source: null };
    return { channel, state: l.s.granted ? 'granted' : 'denied', source: describe(l.s) };
  });
}

function describe(s: ChannelSignal): ConsentSource {
  return { eventId: s.eventId, occurredAt: iso(s.occurredAt), channel: s.eventChannel, type: s.eventType, description: `${eventWords(s)}: ${s.what}` };
}

/** "Shopify account created", "Text message from the customer", in words for the console. */
function eventWords(s: ChannelSignal): string {
  if (s.inboundText) return 'Text message from the customer';
  const source = s.source ? s.source.charAt(0).toUpperCase() + s.source.slice(1) : '';
  const meaning = classifyEventType(s.eventType);
  // The vocabulary's meaning without its field notes: "online account created (data.marketingOptIn)" -> "online account created".
  const what = meaning.known ? meaning.meaning.replace(/\s*\(.*\)\s*$/, '') : s.eventType.replace(/[._]/g, ' ');
  // The vocabulary may already name the source ("Shopify order").
  return source && !what.toLowerCase().startsWith(source.toLowerCase()) ? `${source} ${what}` : what;
}

function typeChannels(e: ConsentEvent): ConsentChannel[] {
  const listed = Array.isArray(e.data['channels']) ? (e.data['channels'] as unknown[]).filter((c): c is ConsentChannel => (CONSENT_CHANNELS as readonly unknown[]).includes(c)) : [];
  if (listed.length > 0) return listed;
  if (e.type.startsWith('sms.')) return ['sms'];
  if (e.type.startsWith('email.')) return ['email'];
  return [...CONSENT_CHANNELS];
}

function isInboundText(e: ConsentEvent): boolean {
  if (e.channel !== 'sms') return false;
  return classifyEventType(e.type).direction === 'inbound' || e.data['direction'] === 'inbound';
}

function messageText(d: Record<string, unknown>): string | undefined {
  for (const k of ['body', 'text']) if (typeof d[k] === 'string') return d[k];
  return undefined;
}
