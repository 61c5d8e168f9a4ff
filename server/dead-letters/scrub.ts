import type { Transaction } from 'kysely';
import type { Schema } from '../storage/schema.js';

/*
 * Erasure (server/privacy): dead letters and held deliveries keep raw bodies, so a delivery that failed
 * while naming an erased person still holds their data. These find the bodies that mention any of the
 * person's identifiers and keep only the fact that a delivery was dropped: body, headers and URL go.
 */

/** What identifies the person in a raw body: emails and ids as text, phones by their last digits in any format. */
export interface PersonNeedles {
  /** Lower-cased (emails, loyalty and external ids, order numbers). */
  texts: readonly string[];
  /** Phone numbers as digits only (E.164 without `+`). */
  phones: readonly string[];
}

/** The shortest tail of a phone number compared (national numbers written without country code still match). */
const PHONE_TAIL = 9;
const PHONE_RUN = /\+?\d[\d\s().-]{6,}\d/g;

export function mentionsPerson(text: string, needles: PersonNeedles): boolean {
  const lower = text.toLowerCase();
  if (needles.texts.some((t) => t.length >= 4 && lower.includes(t))) return true;
  if (needles.phones.length === 0) return false;
  for (const m of text.matchAll(PHONE_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < PHONE_TAIL) continue;
    if (needles.phones.some((p) => p.length >= PHONE_TAIL && (digits.endsWith(p.slice(-PHONE_TAIL)) || p.endsWith(digits)))) return true;
  }
  return false;
}

const PAGE = 500;

/** Scrubs every dead letter whose body mentions the person, in the erasure's transaction; returns how many. */
export async function scrubDeadLetters(tx: Transaction<Schema>, needles: PersonNeedles, nowUs: number): Promise<number> {
  let scrubbed = 0;
  let after = '';
  for (;;) {
    const rows = await tx.selectFrom('dead_letters').select(['id', 'body', 'headers', 'url']).where('id', '>', after).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const hits = rows.filter((r) => mentionsPerson(`${Buffer.from(r.body, 'base64').toString('utf8')}\n${r.headers}\n${r.url}`, needles)).map((r) => r.id);
    if (hits.length === 0) continue;
    await tx
      .updateTable('dead_letters')
      .set({ body: '', body_bytes: 0, headers: '{}', url: '(erased)', reason: 'erased: the delivery named a customer whose data was erased', status: 'resolved', resolved_at_us: nowUs })
      .where('id', 'in', hits)
      .execute();
    scrubbed += hits.length;
  }
  return scrubbed;
}

/** Held deliveries (a refund waiting for its order) that mention the person are dropped: their order will never come back. */
export async function dropHeldDeliveries(tx: Transaction<Schema>, needles: PersonNeedles): Promise<number> {
  const rows = await tx.selectFrom('held_deliveries').select(['connector', 'hold_key', 'delivery_key', 'body']).execute();
  let dropped = 0;
  for (const r of rows) {
    if (!mentionsPerson(r.body, needles)) continue;
    await tx.deleteFrom('held_deliveries').where('connector', '=', r.connector).where('hold_key', '=', r.hold_key).where('delivery_key', '=', r.delivery_key).execute();
    dropped++;
  }
  return dropped;
}
