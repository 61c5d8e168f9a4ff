import { ConflictError } from '../errors.js';
import type { ConsentPort } from '../privacy/port.js';
import type { OutboundSettings } from './settings.js';
import type { OutDb } from './tables.js';

/*
 * Before a text leaves: the customer did not opt out (STOP; START opts back in: read by the privacy module
 * from the inbound texts), it is not their night, and they were not texted too often today. Each refusal is a
 * 409 naming `to` with the reason in words the agent can act on.
 */

const DAY_US = 24 * 3600 * 1_000_000;

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The customer's zone: the newest of their events that names one (`data.timeZone` / `data.timezone`), else the default. */
export async function customerTimeZone(db: OutDb, customerId: string, dflt: string): Promise<string> {
  const rows = await db
    .selectFrom('events')
    .select('data')
    .where('customer_id', '=', customerId)
    .where((eb) => eb.or([eb('data', 'like', '%"timeZone"%'), eb('data', 'like', '%"timezone"%')]))
    .orderBy('occurred_at_us', 'desc')
    .limit(5)
    .execute();
  for (const r of rows) {
    const d = JSON.parse(r.data) as Record<string, unknown>;
    const tz = d['timeZone'] ?? d['timezone'];
    if (typeof tz === 'string' && validZone(tz)) return tz;
  }
  return dflt;
}

export function localTime(atMs: number, tz: string): { hour: number; text: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(atMs));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  return { hour, text: `${String(hour).padStart(2, '0')}:${minute}` };
}

export function inQuietHours(hour: number, q: { startHour: number; endHour: number }): boolean {
  if (q.startHour === q.endHour) return false;
  return q.startHour < q.endHour ? hour >= q.startHour && hour < q.endHour : hour >= q.startHour || hour < q.endHour;
}

const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;

export async function assertMayText(db: OutDb, consent: ConsentPort, settings: OutboundSettings, customerId: string, nowMs: number): Promise<void> {
  if ((await consent.consentFor(customerId, 'sms')) === 'denied') {
    throw new ConflictError('to', 'no consent: the customer opted out of text messages (replied STOP); they can text START to opt back in');
  }
  if (settings.quietHours) {
    const tz = await customerTimeZone(db, customerId, settings.defaultTimeZone);
    const local = localTime(nowMs, tz);
    if (inQuietHours(local.hour, settings.quietHours)) {
      throw new ConflictError('to', `quiet hours: it is ${local.text} for the customer (${tz}); texts wait until ${hh(settings.quietHours.endHour)} (quiet from ${hh(settings.quietHours.startHour)})`);
    }
  }
  const sent = await db
    .selectFrom('outbox_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'sms')
    .where('status', '!=', 'failed')
    .where('created_at_us', '>', nowMs * 1000 - DAY_US)
    .executeTakeFirstOrThrow();
  if (Number(sent.n) >= settings.smsMaxPerDay) {
    throw new ConflictError('to', `frequency cap: the customer already got ${Number(sent.n)} texts in the last 24 hours (at most ${settings.smsMaxPerDay})`);
  }
}
