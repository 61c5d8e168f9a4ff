import type { Channel, CustomerActivity } from '../../../../shared/index.js';
import { formatTime } from '../../lib/format.js';

/*
 * Activity in words, for the profile ("Grace Kim is replying by email") and inbox rows ("Grace replying").
 * People are named, never shown by id; the signed-in user is left out (they know what they are doing).
 */

const REPLY_VIA: Record<Channel, string> = {
  email: 'by email',
  sms: 'by SMS',
  chat: 'in chat',
  phone: 'by phone',
  social: 'on social',
  note: 'in a note',
  store: 'in store',
  purchase: 'on an order',
  web: 'on the web',
};

export interface ActivityLine {
  kind: 'composing' | 'viewing' | 'call' | 'store';
  text: string;
  /** Short form for a badge. */
  short: string;
  /** More detail on hover. */
  title?: string;
}

/** "Ana Ruiz", "Ana Ruiz and Ben Ode", "Ana Ruiz, Ben Ode and 2 others". */
export function namesInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  const rest = names.length - 2;
  return `${names[0]}, ${names[1]} and ${rest} other${rest === 1 ? '' : 's'}`;
}

const firstName = (name: string) => name.split(/\s+/)[0] ?? name;

/** Lines in order of urgency: someone replying, a live call, a store visit, viewers. */
export function describeActivity(a: CustomerActivity, meId: string | null, time: (iso: string) => string = formatTime): ActivityLine[] {
  const lines: ActivityLine[] = [];
  const composers = a.composers.filter((c) => c.userId !== meId);
  const byChannel = new Map<Channel, string[]>();
  for (const c of composers) byChannel.set(c.channel, [...(byChannel.get(c.channel) ?? []), c.name]);
  for (const [channel, names] of byChannel) {
    lines.push({ kind: 'composing', text: `${namesInWords(names)} ${names.length === 1 ? 'is' : 'are'} replying ${REPLY_VIA[channel]}`, short: `${firstName(names[0]!)}${names.length > 1 ? ` +${names.length - 1}` : ''} replying` });
  }
  if (a.call) {
    const since = time(a.call.since);
    const text =
      a.call.state === 'ringing'
        ? `${a.call.direction === 'outbound' ? 'Calling the customer' : 'Incoming call ringing'} since ${since}`
        : `On a call${a.call.agentName ? ` with ${a.call.agentName}` : ''} since ${since}`;
    lines.push({ kind: 'call', text, short: a.call.state === 'ringing' ? 'Ringing' : 'On a call' });
  }
  if (a.storeVisit) {
    const where = a.storeVisit.storeName ? `In the ${a.storeVisit.storeName} store now` : 'In a store now';
    lines.push({ kind: 'store', text: where, short: 'In store', title: `Checked in at ${time(a.storeVisit.since)}` });
  }
  const replying = new Set(composers.map((c) => c.userId));
  const viewers = a.viewers.filter((v) => v.userId !== meId && !replying.has(v.userId)).map((v) => v.name);
  if (viewers.length > 0) {
    lines.push({ kind: 'viewing', text: `${namesInWords(viewers)} ${viewers.length === 1 ? 'is' : 'are'} viewing`, short: `${firstName(viewers[0]!)}${viewers.length > 1 ? ` +${viewers.length - 1}` : ''} viewing` });
  }
  return lines;
}
