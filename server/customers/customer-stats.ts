import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { RowWriter } from '../storage/row-writer.js';
import type { Schema } from '../storage/schema.js';
import { unstorableTextReason } from '../../shared/index.js';
import { moneyFact, orderNetCents, type MoneyEvent, type MoneyFact } from './net-purchases.js';
import { parseData } from './rows.js';

/*
 * Profile stats kept at write time (migration 0012, issue 15), in the transaction that writes the events:
 * - customer_order_money: per customer, order and currency, the summed money facts of its events
 *   (net-purchases.ts moneyFact), with counts of events / bought / cancelled facts so a re-stamped event
 *   can be taken out again exactly;
 * - on the customer's row (columns channel_counts, spend, order_count; migration 0048, before it a table of
 *   their own): events per channel, spend per currency (sum of its orders' nets, in cents, and how many orders
 *   carry that currency) and the count of placed, not cancelled orders. Ingest rewrites that row on every
 *   event anyway (event count, last activity), so the stats cost no page of their own in a commit.
 * New events and re-stamped events apply deltas; merges and undos recompute the customers involved from
 * their events.
 * Amounts are summed as integer micro-units so any order of additions gives the same total.
 */

type Tx = Transaction<Schema> | Kysely<Schema>;

/**
 * Order keys and currencies come from event data, which may hold text PostgreSQL cannot (NUL, lone
 * surrogates: the fuzz sends them). Such a value is stored JSON-escaped; plain keys never contain a
 * backslash, so the mapping stays one-to-one and both backends store the same key.
 */
const storedText = (s: string) => (s.includes('\\') || unstorableTextReason(s) !== null ? JSON.stringify(s) : s);
function storedFact(e: MoneyEvent): MoneyFact | null {
  const f = moneyFact(e);
  return f && { ...f, key: storedText(f.key), currency: storedText(f.currency) };
}

export interface StatsEvent extends MoneyEvent {
  customerId: string;
  /** Where the event came from (an order's first buying event tells customer value the acquisition source). */
  source: string;
}

/** One change to a customer's events: a new event (`add`), an event re-stamped (`remove` then `add`). */
export interface StatsChange {
  customerId: string;
  remove?: StatsEvent;
  add?: StatsEvent;
  /** The event is new: count it in its channel. */
  counts?: true;
}

interface Group {
  customerId: string;
  key: string;
  currency: string;
  micros: number;
  events: number;
  bought: number;
  cancelled: number;
  /** When the order's first money event happened (customer value's purchase time). */
  firstUs: number | null;
  /** Its earliest event that added money, and where it came from (customer value's acquisition channel and source). */
  buy: Buy | null;
}

/** An event that added money: the earliest (ties: channel, then source) tells where the customer first bought. */
export interface Buy {
  us: number;
  channel: string;
  source: string;
}

/** Is `a` earlier than `b` (time, then channel, then source: the same answer whatever order the events come in)? */
export function buyBefore(a: Buy, b: Buy | null): boolean {
  if (!b) return true;
  if (a.us !== b.us) return a.us < b.us;
  if (a.channel !== b.channel) return a.channel < b.channel;
  return a.source < b.source;
}

interface Stats {
  channels: Record<string, number>;
  /** currency -> [net cents, orders in that currency]. */
  spend: Record<string, [number, number]>;
  /** `spend` as stored, while no order moved it (written back as is: most events are not money events). */
  spendJson?: string | undefined;
  orders: number;
}

const groupId = (customerId: string, key: string, currency: string) => `${customerId}\u0000${key}\u0000${currency}`;
const emptyStats = (): Stats => ({ channels: {}, spend: {}, orders: 0 });

/** An order's contribution to its customer's stats. */
function contribution(g: Group | undefined): { cents: number; counted: number; present: number } {
  if (!g || g.events === 0) return { cents: 0, counted: 0, present: 0 };
  return { cents: orderNetCents(g.micros / 1e6, g.bought > 0), counted: g.bought > 0 && g.cancelled === 0 ? 1 : 0, present: 1 };
}

/** Applies changes (in order) to the stored stats: a handful of statements per batch. */
export async function applyStatsChanges(tx: Tx, changes: readonly StatsChange[], writer?: HotPathWriter, unstored?: ReadonlySet<string>): Promise<void> {
  if (changes.length === 0) return;
  const ids = [...new Set(changes.map((c) => c.customerId))];
  const stats = await readStatsRows(tx, unstored?.size ? ids.filter((id) => !unstored.has(id)) : ids, writer);
  // Each change's money facts, worked out once (moneyFact reads the event's data).
  const facts = changes.map((c) => [c.remove ? storedFact(c.remove) : null, c.add ? storedFact(c.add) : null] as const);
  // Orders these changes touch, except a new event's own `event:<id>` order (it cannot be stored yet).
  const pairs: [string, string][] = [];
  changes.forEach((c, i) => {
    const [removed, added] = facts[i]!;
    if (c.remove && removed && !(c.counts && removed.key === `event:${c.remove.id}`)) pairs.push([c.remove.customerId, removed.key]);
    if (c.add && added && !(c.counts && added.key === `event:${c.add.id}`) && !unstored?.has(c.add.customerId)) pairs.push([c.add.customerId, added.key]);
  });
  const groups = await readGroups(tx, pairs, writer);
  const before = new Map([...groups].map(([id, g]) => [id, { ...g }]));

  // Plain statements, no tuple arrays per change: ingest runs this once per event.
  const addFact = (e: StatsEvent, f: MoneyFact, sign: 1 | -1) => {
    const id = groupId(e.customerId, f.key, f.currency);
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { customerId: e.customerId, key: f.key, currency: f.currency, micros: 0, events: 0, bought: 0, cancelled: 0, firstUs: null, buy: null }));
    g.micros += sign * Math.round(f.amount * 1e6);
    g.events += sign;
    g.bought += sign * (f.bought ? 1 : 0);
    g.cancelled += sign * (f.cancelled ? 1 : 0);
    if (sign < 0) return;
    if (g.firstUs === null || e.occurredUs < g.firstUs) g.firstUs = e.occurredUs;
    const buy = { us: e.occurredUs, channel: e.channel, source: e.source };
    if (f.amount > 0 && buyBefore(buy, g.buy)) g.buy = buy;
  };
  // A minimum cannot be taken back: an event that leaves its order, or stops adding money, has its customer
  // recomputed from the events (rare: a re-stamp that moves an order or refunds it in full).
  const recompute = new Set<string>();
  changes.forEach((c, i) => {
    let s = stats.get(c.customerId);
    if (!s) stats.set(c.customerId, (s = emptyStats()));
    if (c.counts && c.add) s.channels[c.add.channel] = (s.channels[c.add.channel] ?? 0) + 1;
    const [removed, added] = facts[i]!;
    if (c.remove && removed) {
      addFact(c.remove, removed, -1);
      const stays = added && c.add && c.add.customerId === c.remove.customerId && added.key === removed.key && added.currency === removed.currency && (added.amount > 0) === (removed.amount > 0);
      if (!stays) recompute.add(c.remove.customerId);
    }
    if (c.add && added) addFact(c.add, added, 1);
  });
  // Each changed order's contribution, before and after, moves its customer's totals.
  for (const [id, g] of groups) {
    const was = contribution(before.get(id));
    const now = contribution(g);
    const s = stats.get(g.customerId)!;
    const cur = s.spend[g.currency] ?? [0, 0];
    cur[0] += now.cents - was.cents;
    cur[1] += now.present - was.present;
    if (cur[1] === 0) delete s.spend[g.currency];
    else s.spend[g.currency] = cur;
    s.orders += now.counted - was.counted;
    s.spendJson = undefined;
  }
  await writeGroups(tx, [...groups.values()], writer);
  await writeStats(tx, stats, writer);
  if (recompute.size > 0) await recomputeStats(tx, [...recompute]);
}

/** Per stored order of these events: when its first money event happened and its earliest buying event (migration 0047's backfill). */
export function orderTimes(events: readonly StatsEvent[]): Pick<Group, 'customerId' | 'key' | 'currency' | 'firstUs' | 'buy'>[] {
  const out = new Map<string, Pick<Group, 'customerId' | 'key' | 'currency' | 'firstUs' | 'buy'>>();
  for (const e of events) {
    const f = storedFact(e);
    if (!f) continue;
    const id = groupId(e.customerId, f.key, f.currency);
    let g = out.get(id);
    if (!g) out.set(id, (g = { customerId: e.customerId, key: f.key, currency: f.currency, firstUs: null, buy: null }));
    if (g.firstUs === null || e.occurredUs < g.firstUs) g.firstUs = e.occurredUs;
    const buy = { us: e.occurredUs, channel: e.channel, source: e.source };
    if (f.amount > 0 && buyBefore(buy, g.buy)) g.buy = buy;
  }
  return [...out.values()];
}

/** The money events (purchase and store channels) of these customers, as the stats read them (at most MAX_IN_LIST ids). */
export async function readStatsEvents(tx: Tx, customerIds: readonly string[]): Promise<StatsEvent[]> {
  if (customerIds.length === 0) return [];
  const rows = await tx
    .selectFrom('events')
    .select(['id', 'customer_id', 'source', 'channel', 'type', 'occurred_at_us', 'data'])
    .where('customer_id', 'in', customerIds)
    .where('channel', 'in', ['purchase', 'store'])
    .execute();
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, source: r.source, channel: r.channel, type: r.type, occurredUs: Number(r.occurred_at_us), data: parseData(r.data) }));
}

/** Stats of these customers rebuilt from their events (merges, undos, the migration's backfill). */
export async function recomputeStats(tx: Tx, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  for (const part of chunk(ids, MAX_IN_LIST)) {
    await tx.deleteFrom('customer_order_money').where('customer_id', 'in', part).execute();
    await tx.updateTable('customers').set({ channel_counts: '{}', spend: '{}', order_count: 0 }).where('id', 'in', part).execute();
    const counts = await tx
      .selectFrom('events')
      .select(['customer_id', 'channel', (eb) => eb.fn.countAll<number>().as('n')])
      .where('customer_id', 'in', part)
      .groupBy(['customer_id', 'channel'])
      .execute();
    const changes: StatsChange[] = (await readStatsEvents(tx, part)).map((e) => ({ customerId: e.customerId, add: e }));
    // Stats were emptied above: the deltas start from zero, then the channel counts are set whole.
    await applyStatsChanges(tx, changes);
    const stats = await readStatsRows(tx, part);
    for (const c of counts) {
      const s = stats.get(c.customer_id) ?? emptyStats();
      s.channels[c.channel] = Number(c.n);
      stats.set(c.customer_id, s);
    }
    await writeStats(tx, stats);
  }
}

export interface StoredStats {
  channelCounts: Record<string, number>;
  lifetimeSpend: { currency: string; amount: number }[];
  orderCount: number;
}

/** One customer's stats as the profile shows them (zeros when it has no events). */
export async function readStats(db: Tx, customerId: string): Promise<StoredStats> {
  const s = (await readStatsRows(db, [customerId])).get(customerId) ?? emptyStats();
  const lifetimeSpend = Object.entries(s.spend)
    .map(([currency, [cents]]) => ({ currency, amount: Math.max(0, cents) / 100 }))
    .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
  return { channelCounts: s.channels, lifetimeSpend, orderCount: s.orders };
}

type StatsRow = Pick<Selectable<Schema['customers']>, 'id' | 'channel_counts' | 'spend' | 'order_count'>;

async function readStatsRows(tx: Tx, ids: readonly string[], hot?: HotPathWriter): Promise<Map<string, Stats>> {
  const out = new Map<string, Stats>();
  const embedded = hot?.writer.embedded === true;
  for (const part of embedded ? [ids] : chunk(ids, MAX_IN_LIST)) {
    const rows = embedded
      ? hot!.writer.selectIn<StatsRow>('select id, channel_counts, spend, order_count from customers where id in (select value from json_each(?))', [], part)
      : await tx.selectFrom('customers').select(['id', 'channel_counts', 'spend', 'order_count']).where('id', 'in', part).execute();
    for (const r of rows) {
      out.set(r.id, { channels: JSON.parse(r.channel_counts) as Stats['channels'], spend: JSON.parse(r.spend) as Stats['spend'], spendJson: r.spend, orders: Number(r.order_count) });
    }
  }
  return out;
}

/** The stored orders these (customer, order key) pairs name: one primary-key probe per pair. */
async function readGroups(tx: Tx, pairs: readonly (readonly [string, string])[], hot?: HotPathWriter): Promise<Map<string, Group>> {
  const out = new Map<string, Group>();
  const unique = [...new Map(pairs.map((p) => [`${p[0]}\u0000${p[1]}`, p])).values()];
  if (unique.length === 0) return out;
  const embedded = hot?.writer.embedded === true;
  for (const part of embedded ? [unique] : chunk(unique, 1000)) {
    const rows = embedded
      ? hot!.writer.selectIn<Selectable<Schema['customer_order_money']>>(
          // One primary-key prefix probe per [customer, order key] pair of the JSON list.
          "select m.* from json_each(?) j join customer_order_money m on m.customer_id = j.value ->> '$[0]' and m.order_key = j.value ->> '$[1]'",
          [],
          part,
        )
      : await tx
          .selectFrom('customer_order_money')
          .selectAll()
          .where((eb) => eb(eb.refTuple('customer_id', 'order_key'), 'in', part.map(([c, k]) => eb.tuple(c, k))))
          .execute();
    for (const r of rows) {
      out.set(groupId(r.customer_id, r.order_key, r.currency), {
        customerId: r.customer_id,
        key: r.order_key,
        currency: r.currency,
        micros: Number(r.amount_micros),
        events: Number(r.events),
        bought: Number(r.bought),
        cancelled: Number(r.cancelled),
        firstUs: r.first_us === null ? null : Number(r.first_us),
        buy: r.buy_us === null ? null : { us: Number(r.buy_us), channel: r.buy_channel ?? '', source: r.buy_source ?? '' },
      });
    }
  }
  return out;
}

async function writeGroups(tx: Tx, groups: readonly Group[], hot?: HotPathWriter): Promise<void> {
  const rows = groups
    .filter((g) => g.events !== 0)
    .map((g) => ({
      customer_id: g.customerId,
      order_key: g.key,
      currency: g.currency,
      amount_micros: g.micros,
      events: g.events,
      bought: g.bought,
      cancelled: g.cancelled,
      first_us: g.firstUs,
      buy_us: g.buy?.us ?? null,
      buy_channel: g.buy?.channel ?? null,
      buy_source: g.buy?.source ?? null,
    }));
  if (hot?.writer.embedded) {
    await hot.writer.insert(hot.tx, 'customer_order_money', rows, {
      onConflict: { key: ['customer_id', 'order_key', 'currency'], update: ['amount_micros', 'events', 'bought', 'cancelled', 'first_us', 'buy_us', 'buy_channel', 'buy_source'] },
    });
  }
  for (const part of hot?.writer.embedded ? [] : chunk(rows, 500)) {
    await tx
      .insertInto('customer_order_money')
      .values(part)
      .onConflict((oc) =>
        oc.columns(['customer_id', 'order_key', 'currency']).doUpdateSet((eb) => ({
          amount_micros: eb.ref('excluded.amount_micros'),
          events: eb.ref('excluded.events'),
          bought: eb.ref('excluded.bought'),
          cancelled: eb.ref('excluded.cancelled'),
          first_us: eb.ref('excluded.first_us'),
          buy_us: eb.ref('excluded.buy_us'),
          buy_channel: eb.ref('excluded.buy_channel'),
          buy_source: eb.ref('excluded.buy_source'),
        })),
      )
      .execute();
  }
  // An order whose last money event moved to another order key (a re-stamp) is gone, as in a recomputation.
  for (const g of groups) {
    if (g.events === 0) await tx.deleteFrom('customer_order_money').where('customer_id', '=', g.customerId).where('order_key', '=', g.key).where('currency', '=', g.currency).execute();
  }
}

const INTEGER_KEY = /^\d+$/;
/** Integer-like keys start with a digit; only those few go through the regex. */
const startsWithDigit = (k: string) => {
  const c = k.charCodeAt(0);
  return c >= 48 && c <= 57 && INTEGER_KEY.test(k);
};

/** Sorted keys: the same stats always serialize the same way (merge + undo leaves identical rows). */
function canonical(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  // Stored rows are canonical already and parse back in that order: mostly nothing to sort.
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  // JSON.stringify puts integer-like keys first whatever the order: those (never a channel, rarely a currency) go the long way.
  if (sorted && !keys.some(startsWithDigit)) return JSON.stringify(o);
  return JSON.stringify(Object.fromEntries(keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, o[k]])));
}

/** Ingest's row writer (cached prepared statements on SQLite) with the transaction it writes in. */
export interface HotPathWriter {
  tx: Transaction<Schema>;
  writer: RowWriter;
}

async function writeStats(tx: Tx, stats: ReadonlyMap<string, Stats>, hot?: HotPathWriter): Promise<void> {
  const rows = [...stats].map(([id, s]) => [canonical(s.channels), s.spendJson ?? canonical(s.spend), s.orders, id] as const);
  if (rows.length === 0) return;
  // The customer row ingest just wrote: the same page, no new one in the commit.
  if (hot?.writer.embedded) return hot.writer.runEach('update customers set channel_counts = ?, spend = ?, order_count = ? where id = ?', rows);
  for (const part of chunk(rows, 500)) {
    const values = sql.join(part.map(([channels, spend, orders, id]) => sql`(${id}, ${channels}, ${spend}, cast(${orders} as integer))`));
    await sql`with v(id, channels, spend, orders) as (values ${values})
      update customers set channel_counts = v.channels, spend = v.spend, order_count = v.orders from v where customers.id = v.id`.execute(tx);
  }
}

/**
 * Ingest: the batch's new events (already on their final customer), with the data objects they were stored from.
 * `created`: customers the batch itself created, which have no stored stats or orders to read.
 */
export async function applyNewEventStats(
  tx: Transaction<Schema>,
  rows: readonly { id: string; customer_id: string; source: string; channel: string; type: string; occurred_at_us: number }[],
  data: readonly (Record<string, unknown> | undefined)[],
  writer?: RowWriter,
  created?: ReadonlySet<string>,
): Promise<void> {
  await applyStatsChanges(
    tx,
    rows.map((r, i) => ({
      customerId: r.customer_id,
      counts: true,
      add: { id: r.id, customerId: r.customer_id, source: r.source, channel: r.channel, type: r.type, occurredUs: r.occurred_at_us, data: data[i] ?? {} },
    })),
    writer ? { tx, writer } : undefined,
    created,
  );
}
