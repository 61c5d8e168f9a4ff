import { sql } from 'kysely';
import { CUSTOMER_OWNED_TABLES } from '../storage/customer-owned-tables.js';
import type { Db, Dialect } from '../storage/schema.js';

/*
 * Test support (not imported by production code): the whole identity state, for "undo is exact" checks,
 * and a partition view that does not depend on generated ids (to compare two databases).
 */

export async function identitySnapshot(db: Db) {
  const customers = await db.selectFrom('customers').selectAll().orderBy('id').execute();
  const identifiers = await db.selectFrom('identifiers').select(['kind', 'value', 'customer_id', 'origin_customer_id', 'origin_event_id']).orderBy('kind').orderBy('value').execute();
  const events = await db.selectFrom('events').select(['id', 'customer_id', 'origin_customer_id']).orderBy('seq').execute();
  const refs = await db.selectFrom('event_refs').selectAll().orderBy('event_id').execute();
  return { customers, identifiers, events, refs };
}

/** Active customers as {name, counts, identifier keys, source event ids}, sorted: equal partitions compare equal. */
export async function identityPartition(db: Db) {
  const customers = await db.selectFrom('customers').selectAll().where('merged_into', 'is', null).execute();
  const idents = await db.selectFrom('identifiers').select(['kind', 'value', 'customer_id']).execute();
  const events = await db.selectFrom('events').select(['source_event_id', 'customer_id']).execute();
  return customers
    .map((c) => ({
      displayName: c.display_name,
      eventCount: c.event_count,
      firstSeenUs: c.first_seen_us,
      lastActivityUs: c.last_activity_us,
      identifiers: idents.filter((i) => i.customer_id === c.id).map((i) => `${i.kind}:${i.value}`).sort(),
      events: events.filter((e) => e.customer_id === c.id).map((e) => e.source_event_id).sort(),
    }))
    .sort((a, b) => (a.events[0]! < b.events[0]! ? -1 : 1));
}

/**
 * Every row of every table the customer-owned registry declares on this backend (the append-only merge log
 * and after-commit indexes aside), as canonical JSON sorted per table: equal snapshots mean merge + undo left no trace in any of them.
 */
export async function ownedRowsSnapshot(db: Db, dialect: Dialect): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of CUSTOMER_OWNED_TABLES) {
    if (t.dialects && !t.dialects.includes(dialect)) continue;
    // The merge log grows by design; after-commit indexes are their owners' to check (they lag the undo).
    if ((t.treatment === 'kept' && t.appendOnly) || (t.treatment === 'derived' && t.maintained === 'after-commit')) continue;
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(t.table)}`.execute(db)).rows;
    out[t.table] = rows
      .map((r) => JSON.stringify(Object.keys(r).filter((k) => !t.surrogateColumns?.includes(k)).sort().map((k) => [k, r[k]])))
      .sort();
  }
  return out;
}
