import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { readConsents } from './consent-reader.js';
import { parseData } from '../customers/rows.js';
import { backfill } from './consent-signals-migration.js';
import { signalRows } from './consent-signals.js';
import { privacyOf } from './port.js';
import { activeIds, historyOpArb, runHistory } from '../testing/customer-history-ops.js';

/*
 * Consents read from consent_signals (kept at write time, consent-signals.ts) against readConsents over the
 * customer's events, on each backend, after random sequences of: new events that carry a signal or not (orders
 * with marketingConsent, legacy marketingOptIn, consent types, STOP / START texts, texts that are not keywords,
 * outbound texts), re-stamped deliveries (an upsert that adds, changes or drops a signal), events bridging two
 * customers (ingest merges), manual merges and their undo, and erasures.
 * 1. every active customer's consents equal the reader's answer from its events (same-minute ties included);
 * 2. the stored rows equal the rows its events give now (none left on merged-away ids), and equal a backfill.
 */

const actor = systemActor('test');

const signalArb = fc.oneof(
  fc.record({ type: fc.constant('order'), channel: fc.constant('purchase'), data: fc.record({ marketingConsent: fc.record({ email: fc.constantFrom('granted', 'denied', 'pending'), sms: fc.constantFrom('granted', 'denied', undefined) }), total: fc.constant(10) }) }),
  fc.record({ type: fc.constant('account.created'), channel: fc.constant('web'), data: fc.record({ marketingOptIn: fc.boolean() }) }),
  fc.record({ type: fc.constantFrom('consent.marketing_opt_out', 'consent.marketing_opt_in', 'email.unsubscribed'), channel: fc.constant('email'), data: fc.record({ channels: fc.constantFrom(['sms'], ['email'], ['email', 'sms'], []) }) }),
  fc.record({ type: fc.constant('sms.opted_out'), channel: fc.constant('sms'), data: fc.constant({}) }),
  fc.record({ type: fc.constantFrom('sms.received', 'sms.sent'), channel: fc.constant('sms'), data: fc.record({ body: fc.constantFrom('STOP', ' start ', 'Unstop', 'Where is my order?', 'stop it'), direction: fc.constantFrom('inbound', 'outbound', undefined) }) }),
  fc.record({ type: fc.constant('email.received'), channel: fc.constant('email'), data: fc.constant({ subject: 'Hi' }) }),
);
type Signal = { type: string; channel: string; data: Record<string, unknown> };

const opArb = historyOpArb(signalArb, { minutes: 4, erase: true });

let n = 0;
function event(who: number, s: Signal, minute: number, sourceEventId = `s${++n}`): IngestEvent {
  return {
    source: 'consent-prop',
    sourceEventId,
    channel: s.channel as IngestEvent['channel'],
    type: s.type,
    // Few distinct minutes: ties (same time, the event id decides) are common.
    occurredAt: new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString(),
    customer: { email: `c${who}@x.com`, phone: `415555${String(1000 + who)}` },
    data: JSON.parse(JSON.stringify(s.data)) as Record<string, unknown>,
  };
}

async function storedRows(domain: SqlDomain) {
  const rows = (await sql<Record<string, unknown>>`select * from consent_signals order by event_id, consent_channel`.execute(domain.database.db)).rows;
  return rows.map((r) => ({ ...r, occurred_at_us: Number(r['occurred_at_us']), granted: Number(r['granted']), inbound_text: Number(r['inbound_text']) }));
}

async function eventsOf(domain: SqlDomain, customerId?: string) {
  let q = domain.database.db.selectFrom('events').select(['id', 'customer_id', 'source', 'channel', 'type', 'occurred_at_us', 'data']);
  if (customerId) q = q.where('customer_id', '=', customerId);
  return (await q.execute()).map((e) => ({ ...e, occurredUs: Number(e.occurred_at_us), parsed: parseData(e.data) }));
}

describe.each(testDialects())('consent signals kept at write time on %s', (dialect) => {
  it('equal the reader over the events after ingest, upserts, ingest merges, manual merges, undos and erasures', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const { domain } = await openTestDomain(dialect);
        const privacy = privacyOf(domain);
        try {
          await domain.ingest.ingest(actor, [0, 1, 2, 3].map((w) => event(w, { type: 'email.received', channel: 'email', data: {} }, w)));
          await runHistory(domain, ops, {
            event,
            bridge: (who) => event(who, { type: 'sms.received', channel: 'sms', data: { body: 'STOP', direction: 'inbound' } }, 3),
            restampMinute: 2,
            erase: (id) => privacy.erase(actor, id, 'asked', undefined),
          });
          for (const id of await activeIds(domain)) {
            const want = readConsents((await eventsOf(domain, id)).map((e) => ({ id: e.id, source: e.source, channel: e.channel, type: e.type, occurredAt: e.occurredUs, data: e.parsed })));
            expect(await privacy.consentsOf(id)).toEqual(want);
            expect((await domain.customers.profile(actor, id))!.consents).toEqual(want);
          }
          const kept = await storedRows(domain);
          const fromEvents = (await eventsOf(domain)).flatMap((e) => signalRows({ id: e.id, source: e.source, channel: e.channel, type: e.type, occurredAt: e.occurredUs, data: e.parsed }, e.customer_id, e.occurredUs));
          const order = (a: { event_id: string; consent_channel: string }, b: { event_id: string; consent_channel: string }) => (a.event_id + a.consent_channel < b.event_id + b.consent_channel ? -1 : 1);
          expect(kept).toEqual(fromEvents.sort(order).map((r) => ({ ...r })));
          // The migration's backfill finds the same rows (its filter misses no signal).
          await sql`delete from consent_signals`.execute(domain.database.db);
          await domain.database.db.transaction().execute((tx) => backfill(tx));
          expect(await storedRows(domain)).toEqual(kept);
        } finally {
          await domain.close();
        }
      }),
      { numRuns: dialect === 'postgres' ? 12 : 30 },
    );
  }, 180_000);
});
