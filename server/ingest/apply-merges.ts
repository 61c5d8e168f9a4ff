import type { Transaction } from 'kysely';
import type { TimelineItem } from '../../shared/index.js';
import { applyStatsChanges, type StatsChange } from '../customers/customer-stats.js';
import { moneyFact } from '../customers/net-purchases.js';
import { toTimelineItem } from '../customers/rows.js';
import type { MergeItem } from '../domain.js';
import { normalizeOrderRef } from '../identity/normalize.js';
import type { Schema } from '../storage/schema.js';
import type { PreparedEvent } from './prepare.js';
import type { BatchWrite } from './write-batch.js';

/**
 * The upsert half of an ingest (same transaction, after writeBatch): each duplicate is merged into
 * the stored item. A changed item is re-inserted under the SAME id with a NEW seq, so socket replay
 * (seq > n) and live clients see it again and replace it by id. Items created earlier in this same
 * batch are replaced in `created` (one fan-out); others are returned in `updated`.
 */
export async function applyMerges(tx: Transaction<Schema>, batch: readonly PreparedEvent[], out: BatchWrite, merge: MergeItem): Promise<BatchWrite & { updated: TimelineItem[] }> {
  const updated = new Map<string, TimelineItem>();
  const created = out.created.slice();
  const statsChanges: StatsChange[] = [];
  for (let i = 0; i < batch.length; i++) {
    const result = out.results[i]!;
    if (result.status !== 'duplicate') continue;
    // Every column at once: the re-insert below needs them all (one read per merged item, not two).
    const row = await tx.selectFrom('events').selectAll().where('id', '=', result.eventId).executeTakeFirst();
    if (!row) continue;
    const stored = toTimelineItem(row);
    const next = merge(stored, batch[i]!.event);
    if (!next) continue;
    const type = next.type ?? stored.type;
    const summary = next.summary === undefined ? stored.summary : next.summary;
    const dataJson = JSON.stringify(next.data);
    if (type === stored.type && summary === stored.summary && dataJson === row.data) continue;

    const full = row;
    // A re-stamped order (status, refunds, cancellation) changes its money: out with the old, in with the new.
    // An item with money neither before nor after (a chat growing) leaves the stats as they are: no read, no write.
    const asStats = (t: string, data: Record<string, unknown>) => ({ id: full.id, customerId: full.customer_id, source: full.source, channel: full.channel, type: t, occurredUs: Number(full.occurred_at_us), data });
    const remove = asStats(stored.type, stored.data);
    const add = asStats(type, next.data);
    if (moneyFact(remove) || moneyFact(add)) statsChanges.push({ customerId: full.customer_id, remove, add });
    await tx.deleteFrom('events').where('id', '=', stored.id).execute();
    const { seq: _old, ...rest } = full;
    const inserted = await tx
      .insertInto('events')
      .values({ ...rest, type, summary, data: dataJson })
      .returning('seq')
      .executeTakeFirstOrThrow();
    // An order/receipt number that only a later delivery carried becomes searchable too.
    for (const field of ['orderNumber', 'receiptNumber']) {
      const ref = normalizeOrderRef(next.data[field]);
      if (ref) {
        await tx
          .insertInto('event_refs')
          .values({ kind: 'order', value: ref, event_id: stored.id, customer_id: full.customer_id })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
    }
    const item: TimelineItem = { ...stored, type, summary, data: next.data, seq: inserted.seq };
    const inBatch = created.findIndex((c) => c.id === item.id);
    if (inBatch >= 0) created[inBatch] = item;
    else updated.set(item.id, item);
  }
  await applyStatsChanges(tx, statsChanges);
  // Their summaries go out again too: a client that had not loaded the item counted it as new.
  const touched = new Set([...out.touchedCustomerIds, ...[...updated.values()].map((i) => i.customerId)]);
  return { ...out, created, updated: [...updated.values()], touchedCustomerIds: [...touched] };
}
