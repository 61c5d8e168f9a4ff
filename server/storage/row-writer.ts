import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable, Transaction } from 'kysely';
import { chunk, rowsPerInsert } from './batch.js';
import type { Schema } from './schema.js';

type Table = keyof Schema & string;
type Row<T extends Table> = Insertable<Schema[T]>;

export interface InsertOptions<T extends Table> {
  /** Upsert: on a conflict on `key`, overwrite `update` with the new row's values. */
  onConflict?: { key: (keyof Schema[T] & string) | readonly (keyof Schema[T] & string)[]; update: readonly (keyof Schema[T] & string)[] };
}

/**
 * Multi-row inserts for the ingest hot path, always inside the caller's transaction.
 * SQLite: one cached prepared statement per (table, columns) run row by row on the raw
 * better-sqlite3 handle. It is the very connection Kysely's transaction holds (one connection,
 * synchronous driver), so the rows land in the same transaction; the batch only saves building,
 * parsing and binding one giant statement per chunk. PostgreSQL: chunked multi-row Kysely inserts,
 * one round trip per chunk. Same rows, same constraints, same results on both.
 */
export class RowWriter {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly sqlite: BetterSqlite3.Database | null) {}

  /** Embedded SQLite: the hot-path reads below run as cached statements on the transaction's own connection. */
  get embedded(): boolean {
    return this.sqlite !== null;
  }

  /**
   * SQLite only: rows whose `column` is one of `values`, as one cached statement whatever the count
   * (`in (select value from json_each(?))` probes the index per value, like an in-list, but is parsed once,
   * where Kysely builds, compiles and prepares a new statement text per list length). The caller's
   * transaction holds this connection (see the class comment), so the read sees its writes.
   */
  selectIn<R>(sqlText: string, before: readonly unknown[], values: readonly unknown[]): R[] {
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.sqlite!.prepare(sqlText);
      this.statements.set(sqlText, statement);
    }
    return statement.all(...before, JSON.stringify(values)) as R[];
  }

  /**
   * SQLite only: `sqlText` (one fixed statement) run once per parameter list, as one cached statement, inside the
   * caller's transaction. For tables outside the hub's typed schema (feature tables) on their hot paths.
   */
  runEach(sqlText: string, params: readonly (readonly unknown[])[]): void {
    if (params.length === 0) return;
    let statement = this.statements.get(sqlText);
    if (!statement) {
      statement = this.sqlite!.prepare(sqlText);
      this.statements.set(sqlText, statement);
    }
    for (const p of params) statement.run(...p);
  }

  async insert<T extends Table>(tx: Transaction<Schema>, table: T, rows: readonly Row<T>[], opts: InsertOptions<T> = {}): Promise<void> {
    if (rows.length === 0) return;
    if (this.sqlite) {
      const { statement, columns } = this.prepare(table, rows[0]!, opts);
      // One bind array per call, refilled per row: better-sqlite3 binds it at once and keeps no reference.
      const values = new Array<unknown>(columns.length);
      for (const row of rows) statement.run(fillValues(values, row, columns));
      return;
    }
    const columns = Object.keys(rows[0]!).length;
    for (const part of chunk(rows, rowsPerInsert(columns))) {
      // Table and columns are typed by the caller's signature; Kysely cannot follow a generic table name.
      let q = tx.insertInto(table).values(part as never);
      const conflict = opts.onConflict;
      if (conflict) {
        q = q.onConflict((oc) =>
          oc.columns(conflictKeys(conflict.key) as never).doUpdateSet((eb) => Object.fromEntries(conflict.update.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never),
        );
      }
      await q.execute();
    }
  }

  /** Inserts events and returns each new row's seq by event id (the timeline's live order). */
  async insertEvents(tx: Transaction<Schema>, rows: readonly Row<'events'>[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    if (rows.length === 0) return seqs;
    if (this.sqlite) {
      const { statement, columns } = this.prepare('events', rows[0]!, {});
      const values = new Array<unknown>(columns.length);
      for (const row of rows) seqs.set(row.id, Number(statement.run(fillValues(values, row, columns)).lastInsertRowid));
      return seqs;
    }
    for (const part of chunk(rows, rowsPerInsert(Object.keys(rows[0]!).length))) {
      const inserted = await tx.insertInto('events').values(part).returning(['id', 'seq']).execute();
      for (const r of inserted) seqs.set(r.id, r.seq);
    }
    return seqs;
  }

  private prepare<T extends Table>(table: T, first: Row<T>, opts: InsertOptions<T>): { statement: BetterSqlite3.Statement; columns: string[] } {
    const columns = Object.keys(first);
    const key = `${table}(${columns.join(',')})${opts.onConflict ? `~${conflictKeys(opts.onConflict.key).join(',')}:${opts.onConflict.update.join(',')}` : ''}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const conflict = opts.onConflict
        ? ` on conflict (${conflictKeys(opts.onConflict.key).map(quote).join(', ')}) do update set ${opts.onConflict.update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`
        : '';
      const sqlText = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values (${columns.map(() => '?').join(', ')})${conflict}`;
      statement = this.sqlite!.prepare(sqlText);
      this.statements.set(key, statement);
    }
    return { statement, columns };
  }
}

function fillValues(out: unknown[], row: object, columns: readonly string[]): unknown[] {
  const r = row as Record<string, unknown>;
  for (let i = 0; i < columns.length; i++) {
    const v = r[columns[i]!];
    // Kysely leaves undefined columns out; here every row shares the first row's columns.
    out[i] = v === undefined ? null : v;
  }
  return out;
}

function conflictKeys(key: string | readonly string[]): readonly string[] {
  return typeof key === 'string' ? [key] : key;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
