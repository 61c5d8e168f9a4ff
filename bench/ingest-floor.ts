import type BetterSqlite3 from 'better-sqlite3';
import { moneyFact } from '../server/customers/net-purchases.js';
import { openSqlite, type OpenedDatabase, type SqliteSynchronous } from '../server/storage/open-database.js';

/*
 * The raw floor for ingest: the same rows the domain's ingest stored for a batch, written into a
 * second database with the same schema and indexes (the hub's own migrations), the same pragmas and
 * durability (synchronous, WAL checkpoint worker and its write gate), as cached prepared statements
 * run row by row in one transaction per batch: no validation, normalization, identity or JSON work.
 * What ingest costs above this is what the domain adds.
 */

/** Rows one ingest batch stored, read back from the domain's database. */
export interface BatchRows {
  customers: Record<string, unknown>[];
  identifiers: Record<string, unknown>[];
  events: Record<string, unknown>[];
  eventRefs: Record<string, unknown>[];
  merges: Record<string, unknown>[];
  /** ...and one per order its money events touched. */
  orderMoney: Record<string, unknown>[];
  /** Household links the batch made (server/identity/household-links.ts). */
  links: Record<string, unknown>[];
  /** Consents the batch's events carry (server/privacy/consent-signals.ts, written in the ingest transaction). */
  consents: Record<string, unknown>[];
  /**
   * Rows ingest's pipeline derives after the commit and stores since the last batch: the duplicates index's new
   * profiles and blocking keys (issue 15 keeps them at ingest) and new customer-value rows. Only new rows (by
   * rowid): a profile or value re-written in place is not copied, so the floor does a little less than ingest.
   */
  matchProfiles: Record<string, unknown>[];
  matchKeys: Record<string, unknown>[];
  values: Record<string, unknown>[];
}

/** Reads what the latest batch wrote (events after `afterSeq`, and what hangs off them). */
export class BatchRowReader {
  private lastSeq = 0;
  private lastMergeRow = 0;
  /**
   * Per table read by rowid: the last row copied. Order refs and consents are only ever inserted by ingest (merges
   * update them in place), so new rows are the rowids past it; see BatchRows for the derived ones.
   */
  private readonly lastRow = new Map<string, number>();
  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  next(): BatchRows {
    const events = this.sqlite.prepare('select * from events where seq > ? order by seq').all(this.lastSeq) as Record<string, unknown>[];
    if (events.length) this.lastSeq = Number(events[events.length - 1]!['seq']);
    const ids = events.map((e) => e['id'] as string);
    const merged = this.sqlite.prepare('select rowid as rowid_, * from merges where rowid > ? order by rowid').all(this.lastMergeRow) as Record<string, unknown>[];
    if (merged.length) this.lastMergeRow = Number(merged[merged.length - 1]!['rowid_']);
    const merges = merged.map(({ rowid_: _r, ...rest }) => rest);
    const customerIds = new Set<string>();
    for (const e of events) {
      customerIds.add(e['customer_id'] as string);
      customerIds.add(e['origin_customer_id'] as string);
    }
    for (const m of merges) {
      customerIds.add(m['from_id'] as string);
      customerIds.add(m['into_id'] as string);
    }
    const orderKeys = new Set<string>();
    for (const e of events) {
      if (e['channel'] !== 'purchase' && e['channel'] !== 'store') continue;
      const f = moneyFact({ id: e['id'] as string, channel: e['channel'] as string, type: e['type'] as string, occurredUs: Number(e['occurred_at_us']), data: JSON.parse(e['data'] as string) as Record<string, unknown> });
      if (f) orderKeys.add(`${e['customer_id'] as string}\u0000${f.key}`);
    }
    // By primary-key prefix per (customer, order): reading every order of the touched customers grows with their history.
    const orderMoney = this.sqlite
      .prepare("select m.* from json_each(?) j join customer_order_money m on m.customer_id = j.value ->> '$[0]' and m.order_key = j.value ->> '$[1]'")
      .all(JSON.stringify([...orderKeys].map((k) => k.split('\u0000')))) as Record<string, unknown>[];
    // New rows by rowid, not by a column without an index: a scan per batch would make the bench itself quadratic.
    const since = (table: string) => this.sinceRow(table, this.lastRow.get(table) ?? 0, (r) => this.lastRow.set(table, r));
    // Identifiers have no rowid (migration 0050): the new ones are those the batch's events brought (merges update the rest in place).
    const batchEvents = new Set(ids);
    const identifiers = this.byIds('identifiers', 'customer_id', [...customerIds]).filter((r) => batchEvents.has(r['origin_event_id'] as string));
    const eventRefs = since('event_refs');
    return {
      consents: since('consent_signals'),
      matchProfiles: since('match_profiles'),
      matchKeys: since('match_keys'),
      values: since('customer_values'),
      orderMoney,
      links: this.byIds('identity_links', 'event_id', ids),
      customers: this.byIds('customers', 'id', [...customerIds]),
      identifiers,
      events,
      eventRefs,
      merges,
    };
  }

  private sinceRow(table: string, after: number, advance: (rowid: number) => void): Record<string, unknown>[] {
    const rows = this.sqlite.prepare(`select rowid as rowid_, * from ${table} where rowid > ? order by rowid`).all(after) as Record<string, unknown>[];
    if (rows.length) advance(Number(rows[rows.length - 1]!['rowid_']));
    return rows.map(({ rowid_: _r, ...rest }) => rest);
  }

  private byIds(table: string, column: string, ids: readonly string[]): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      out.push(...(this.sqlite.prepare(`select * from ${table} where ${column} in (${part.map(() => '?').join(',')})`).all(...part) as Record<string, unknown>[]));
    }
    return out;
  }
}

export class IngestFloor {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private constructor(private readonly opened: OpenedDatabase & { raw: { dialect: 'sqlite'; sqlite: BetterSqlite3.Database } }) {}

  static async open(file: string, synchronous: SqliteSynchronous = 'FULL'): Promise<IngestFloor> {
    const opened = await openSqlite(file, { synchronous });
    if (opened.raw.dialect !== 'sqlite') throw new Error('the ingest floor is SQLite');
    return new IngestFloor(opened as OpenedDatabase & { raw: { dialect: 'sqlite'; sqlite: BetterSqlite3.Database } });
  }

  /** Writes one batch's rows in one durable transaction; returns the milliseconds it took. */
  async write(rows: BatchRows): Promise<number> {
    const sqlite = this.opened.raw.sqlite;
    const gate = this.opened.writeGate;
    const t0 = performance.now();
    await gate?.beforeWrite();
    sqlite.transaction(() => {
      this.run('customers', rows.customers, 'id');
      this.run('merges', rows.merges);
      this.run('identifiers', rows.identifiers);
      // seq is the target's own autoincrement, as in the domain.
      this.run('events', rows.events.map(({ seq: _seq, ...rest }) => rest));
      this.run('event_refs', rows.eventRefs);
      this.run('identity_links', rows.links);
      this.run('customer_order_money', rows.orderMoney, 'customer_id, order_key, currency');
      this.run('consent_signals', rows.consents);
      this.run('match_profiles', rows.matchProfiles, 'customer_id');
      // As the index does: a customer's keys are replaced whole.
      const rekeyed = [...new Set(rows.matchKeys.map((k) => k['customer_id']))];
      if (rekeyed.length) this.run('match_keys', rekeyed.map((id) => ({ customer_id: id })), undefined, 'delete from match_keys where customer_id = ?');
      this.run('match_keys', rows.matchKeys);
      this.run('customer_values', rows.values, 'customer_id');
    })();
    gate?.afterCommit(rows.events.length >= 100);
    return performance.now() - t0;
  }

  close(): Promise<void> {
    return this.opened.close();
  }

  /** Each row through one cached statement: an insert (an upsert on `upsertKey`), or `sqlText` given the row's values. */
  private run(table: string, rows: readonly Record<string, unknown>[], upsertKey?: string, sqlText?: string): void {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    const key = sqlText ?? `${table}(${columns.join(',')})`;
    let statement = this.statements.get(key);
    if (!statement) {
      const keys = upsertKey?.split(', ') ?? [];
      const update = upsertKey ? ` on conflict (${upsertKey}) do update set ${columns.filter((c) => !keys.includes(c)).map((c) => `${c} = excluded.${c}`).join(', ')}` : '';
      statement = this.opened.raw.sqlite.prepare(sqlText ?? `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})${update}`);
      this.statements.set(key, statement);
    }
    for (const row of rows) statement.run(columns.map((c) => row[c] ?? null));
  }
}
