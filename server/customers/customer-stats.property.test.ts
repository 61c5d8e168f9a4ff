import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type IngestEvent } from '../../shared/index.js';
import { systemActor } from '../../shared/actor.js';
import type { Db } from '../storage/schema.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { readStats, readStatsEvents, recomputeStats } from './customer-stats.js';
import { loadNetPurchases, spendAndOrders } from './net-purchases.js';
import { activeIds, historyOpArb, runHistory } from '../testing/customer-history-ops.js';
import { purchasesFromEvents, purchasesFromOrders, readOrderRows } from '../clv/purchases.js';

/*
 * Stats kept at write time (customer-stats.ts) against a recomputation from the events, on each backend,
 * after random sequences of: new events (orders, refunds, cancellations, store sales and returns, messages),
 * re-stamped deliveries (an upsert that changes type, money or order number), events bridging two customers
 * (ingest merges), manual merges and their undo.
 * 1. every active customer's stats equal what net-purchases.ts and a channel count compute from its events;
 * 2. the stored rows equal a rebuild from the events (so no stale order rows, and none for merged-away ids);
 * 3. customer value's purchases read from the order rows equal those read from the events.
 */

const actor = systemActor('test');

const moneyArb = fc.record({
  kind: fc.constantFrom('order', 'order.refunded', 'order.cancelled', 'store.purchase', 'store.return', 'email.received', 'chat.conversation'),
  order: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  cents: fc.integer({ min: -3000, max: 20000 }),
  currency: fc.constantFrom('USD', 'EUR', 'usd', undefined),
  cancelled: fc.boolean(),
  gross: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
});
type Money = { kind: string; order?: number | undefined; cents: number; currency?: string | undefined; cancelled: boolean; gross?: number | undefined };

const opArb = historyOpArb<Money>(moneyArb, { minutes: 1000 });

let n = 0;
function event(who: number, m: Money, minute: number, sourceEventId = `s${++n}`): IngestEvent {
  const store = m.kind.startsWith('store.');
  const channel = store ? 'store' : m.kind.startsWith('order') ? 'purchase' : m.kind.startsWith('email') ? 'email' : 'chat';
  const data: Record<string, unknown> = { total: m.cents / 100 };
  if (m.currency) data['currency'] = m.currency;
  if (m.order !== undefined) data[store ? 'receiptNumber' : 'orderNumber'] = `N-${m.order}`;
  if (m.cancelled) data['status'] = 'cancelled';
  if (m.gross !== undefined) data['grossTotal'] = m.gross;
  return {
    source: 'stats-prop',
    sourceEventId,
    channel,
    type: m.kind,
    occurredAt: new Date(Date.UTC(2024, 0, 1) + minute * 60_000).toISOString(),
    customer: { email: `c${who}@x.com`, phone: `415555${String(1000 + who)}` },
    data,
  };
}

async function expected(db: Db, id: string) {
  const { lifetimeSpend, orderCount } = spendAndOrders(await loadNetPurchases(db, id));
  const counts = await db.selectFrom('events').select(['channel', (eb) => eb.fn.countAll<number>().as('n')]).where('customer_id', '=', id).groupBy('channel').execute();
  return { channelCounts: Object.fromEntries(counts.map((c) => [c.channel, Number(c.n)])), lifetimeSpend, orderCount };
}

async function rows(db: Db) {
  // Every customer's stats columns (a merged-away or event-less customer keeps empty ones).
  const stats = (await sql<Record<string, unknown>>`select id as customer_id, channel_counts, spend, order_count from customers order by id`.execute(db)).rows;
  const money = (await sql<Record<string, unknown>>`select * from customer_order_money order by customer_id, order_key, currency`.execute(db)).rows;
  return { stats, money: money.map((r) => ({ ...r, amount_micros: Number(r['amount_micros']) })) };
}

describe.each(testDialects())('profile stats kept at write time on %s', (dialect) => {
  it('equal a recomputation from the events after ingest, upserts, ingest merges, manual merges and undos', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const { domain } = await openTestDomain(dialect);
        const db = domain.database.db;
        try {
          // Four separate customers to start with.
          await domain.ingest.ingest(actor, [0, 1, 2, 3].map((w) => event(w, { kind: 'email.received', cents: 0, cancelled: false }, w)));
          await runHistory(domain, ops, { event, bridge: (who) => event(who, { kind: 'order', cents: 1000, cancelled: false, order: 9 }, 7), restampMinute: 5 });
          for (const id of await activeIds(domain)) {
            const want = await expected(db, id);
            const got = await readStats(db, id);
            expect(got).toEqual(want);
            const profile = await domain.customers.profile(actor, id);
            const shown = Object.fromEntries(CHANNELS.filter((c) => want.channelCounts[c]).map((c) => [c, want.channelCounts[c]]));
            expect(Object.fromEntries(Object.entries(profile!.stats.channelCounts).filter(([, v]) => v > 0))).toEqual(shown);
            expect(profile!.stats.lifetimeSpend).toEqual(want.lifetimeSpend);
            // Customer value reads purchases from the stored order rows: the same as from the events.
            const fromEvents = new Map<string, number>();
            const fromRows = new Map<string, number>();
            const events = await readStatsEvents(db, [id]);
            const orders = (await readOrderRows(db, [id])).get(id) ?? [];
            expect(purchasesFromOrders(orders, 'USD', fromRows)).toEqual(purchasesFromEvents(events, 'USD', fromEvents));
            expect(fromRows).toEqual(fromEvents);
          }
          const kept = await rows(db);
          const everyone = [...kept.stats.map((r) => String(r['customer_id'])), ...(await activeIds(domain))];
          await db.transaction().execute((tx) => recomputeStats(tx, everyone));
          expect(await rows(db)).toEqual(kept);
        } finally {
          await domain.close();
        }
      }),
      { numRuns: dialect === 'postgres' ? 12 : 30 },
    );
  }, 180_000);
});
