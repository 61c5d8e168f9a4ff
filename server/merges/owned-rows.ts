import { sql, type Kysely, type Transaction } from 'kysely';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import { recomputeStats } from '../customers/customer-stats.js';
import { inTransactionRebuilds, movedTables, type MovedByRecord } from '../storage/customer-owned-tables.js';
import type { IdentifierKind, MergeMoved, Schema } from '../storage/schema.js';

/*
 * Moving customer-owned rows for merges (ingest and manual) and their undo, table by table as the
 * registry (storage/customer-owned-tables.ts) declares them. Nothing here names a table: a table added
 * to the registry is moved and restored by the same code.
 */

// The registry names tables at run time; Kysely's typed builder cannot follow, the registry check does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
type Tx = Transaction<Schema>;
type KeyValue = string | number;
/** A row's primary key values, in the registry's key column order. */
export type RowKey = KeyValue[];

/** The rows a merge moved, per `undo: 'recorded'` table: what `merges.moved` keeps so the undo can put them back. */
export class RecordedRows {
  private readonly byTable = new Map<string, RowKey[]>();

  add(table: string, keys: readonly RowKey[]): this {
    this.byTable.set(table, [...(this.byTable.get(table) ?? []), ...keys]);
    return this;
  }

  get(table: string): RowKey[] {
    return this.byTable.get(table) ?? [];
  }

  /** As stored in `merges.moved`: identifiers and events keep the fields records had before the registry; other tables go to `rows`. */
  toMoved(): Pick<MergeMoved, 'identifiers' | 'eventIds' | 'rows'> {
    const rows: Record<string, RowKey[]> = {};
    for (const [table, keys] of this.byTable) if (table !== 'identifiers' && table !== 'events' && keys.length > 0) rows[table] = keys;
    return {
      identifiers: this.get('identifiers').map(([kind, value]) => ({ kind: kind as IdentifierKind, value: String(value) })),
      eventIds: this.get('events').map(([id]) => String(id)),
      ...(Object.keys(rows).length > 0 ? { rows } : {}),
    };
  }

  static fromMoved(moved: MergeMoved): RecordedRows {
    const out = new RecordedRows();
    out.add('identifiers', moved.identifiers.map((i) => [i.kind, i.value]));
    out.add('events', moved.eventIds.map((id) => [id]));
    for (const [table, keys] of Object.entries(moved.rows ?? {})) out.add(table, keys);
    return out;
  }
}

/**
 * Merge: every moving table's rows of `fromId` now belong to `intoId`. Returns the keys of the rows moved
 * (tables the undo restores from the record), in key order.
 */
export async function repointOwnedRows(tx: Tx, fromId: string, intoId: string): Promise<RecordedRows> {
  const db = tx as unknown as AnyDb;
  const { byRecord, withEvent } = movedTables();
  const recorded = new RecordedRows();
  for (const t of byRecord) {
    let q = db.selectFrom(t.table).select([...t.key]).where(t.customerColumn, '=', fromId);
    for (const k of t.key) q = q.orderBy(k);
    const rows = (await q.execute()) as Record<string, KeyValue>[];
    recorded.add(t.table, rows.map((r) => t.key.map((k) => r[k]!)));
    await db.updateTable(t.table).set({ [t.customerColumn]: intoId }).where(t.customerColumn, '=', fromId).execute();
  }
  for (const t of withEvent) await db.updateTable(t.table).set({ [t.customerColumn]: intoId }).where(t.customerColumn, '=', fromId).execute();
  await rebuildDerived(tx, [fromId, intoId]);
  return recorded;
}

const REBUILDS: Record<ReturnType<typeof inTransactionRebuilds>[number], (tx: Tx, ids: readonly string[]) => Promise<void>> = {
  'customer-stats': recomputeStats,
};

/** In-transaction derived tables (other than trigger-kept ones) rebuilt for both customers from the rows they now hold. */
async function rebuildDerived(tx: Tx, ids: readonly string[]): Promise<void> {
  for (const r of inTransactionRebuilds()) await REBUILDS[r](tx, ids);
}

/**
 * Undo of a merge of F into I: the recorded rows go back to F (those still on I); rows created after the
 * merge that the identity replay sent to F (`replayedToF`, identityReplay tables) go to F and take F as their
 * origin; rows that follow their event take their event's customer.
 */
export async function restoreOwnedRows(tx: Tx, F: string, I: string, recorded: RecordedRows, replayedToF: ReadonlyMap<string, readonly RowKey[]>): Promise<void> {
  const db = tx as unknown as AnyDb;
  const { byRecord, withEvent } = movedTables();
  for (const t of byRecord) {
    await updateByKeys(db, t, recorded.get(t.table), { [t.customerColumn]: F }, I);
    const replayed = replayedToF.get(t.table) ?? [];
    if (replayed.length > 0 && !t.identityReplay) throw new Error(`${t.table} is not an identity-replay table: post-merge rows cannot be sent back by event`);
    await updateByKeys(db, t, replayed, { [t.customerColumn]: F, ...(t.originColumn ? { [t.originColumn]: F } : {}) }, null);
  }
  for (const t of withEvent) {
    const col = sql.ref(`${t.table}.${t.customerColumn}`);
    await sql`update ${sql.table(t.table)}
      set ${sql.ref(t.customerColumn)} = coalesce((select e.customer_id from events e where e.id = ${sql.ref(`${t.table}.${t.eventColumn}`)}), ${col})
      where ${col} = ${I}`.execute(db);
  }
  await rebuildDerived(tx, [F, I]);
}

/** Updates rows by primary key (chunked IN lists; two-column keys grouped by their first column), optionally only those still on `onlyFrom`. */
async function updateByKeys(db: AnyDb, t: MovedByRecord, keys: readonly RowKey[], set: Record<string, string>, onlyFrom: string | null): Promise<void> {
  if (keys.length === 0) return;
  const groups = new Map<KeyValue | null, KeyValue[]>();
  for (const k of keys) {
    const head = t.key.length === 2 ? k[0]! : null;
    const list = groups.get(head) ?? [];
    list.push(k[t.key.length - 1]!);
    groups.set(head, list);
  }
  const last = t.key[t.key.length - 1]!;
  for (const [head, values] of groups) {
    for (const part of chunk(values, MAX_IN_LIST)) {
      let q = db.updateTable(t.table).set(set).where(last, 'in', part);
      if (head !== null) q = q.where(t.key[0], '=', head);
      if (onlyFrom !== null) q = q.where(t.customerColumn, '=', onlyFrom);
      await q.execute();
    }
  }
}
