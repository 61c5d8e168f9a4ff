import { pgSeqScansOver } from '../testing/query-plans.js';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import type { Schema } from '../storage/schema.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects, type TestDatabase } from '../storage/test-database.js';
import { searchCustomers } from './search.js';
import { systemActor } from '../../shared/actor.js';

/*
 * Every SQL statement search runs for the hot queries is EXPLAINed: none may scan the customers, events,
 * identifiers or event_refs tables (cost must not grow with the customer base). The statements are
 * captured from a real search through a logging Kysely on the same connection.
 * SQLite: the plan must have no `SCAN` line except the FTS5 virtual table's own index walk and the
 * one bounded walk below (that exact statement only), before and after ANALYZE. PostgreSQL: 100,000 customers (the bench size) with identifiers and order numbers, ANALYZEd, so the planner
 * costs a realistic table, and no `Seq Scan` node on those tables that reads more than PG_READ_BOUND rows.
 */

const HOT_QUERIES = ['', 'cust1234@bench.example', '(415) 300-1234', '415.300.1234', 'Customer 1234', 'customer', 'cu', 'cust', 'LOY-1234', '1234', '#100123', '100123', 'shop:77', 'José', 'lee ann', 'B12'];
const BIG_TABLES = ['customers', 'events', 'identifiers', 'event_refs'];
const SQLITE_CUSTOMERS = 3000;
/**
 * The empty query's "most recently active" list walks the index on when events happened back from its end, a page
 * at a time, and stops once it has met LIMIT customers: it reads a page of the newest events, whatever the size.
 */
const BOUNDED_WALK = {
  sql: 'select "seq", "customer_id", "occurred_at_us" from "events" order by "occurred_at_us" desc, "seq" desc limit ?',
  detail: 'SCAN events USING INDEX events_occurred',
};
const PG_CUSTOMERS = 100_000;
/** Rows a Seq Scan may read before it counts as a scan of the table (1% of it: a LIMIT stopped it). */
const PG_READ_BOUND = 1000;

interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

function loggingDb(database: TestDatabase, into: Captured[]): Kysely<Schema> {
  const log = (e: { level: string; query: { sql: string; parameters: readonly unknown[] } }) => {
    if (e.level === 'query') into.push({ sql: e.query.sql, parameters: e.query.parameters });
  };
  const raw = database.raw;
  return raw.dialect === 'sqlite'
    ? new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw.sqlite }), log })
    : new Kysely<Schema>({ dialect: new PostgresDialect({ pool: raw.pool }), log });
}

function benchLikeEvent(c: number): IngestEvent {
  return {
    source: 'plan',
    sourceEventId: `c${c}`,
    channel: 'purchase',
    type: 'order.created',
    occurredAt: new Date(Date.UTC(2024, 0, 1) + c * 60_000).toISOString(),
    customer: { email: `cust${c}@bench.example`, phone: `+1415${String(3_000_000 + c)}`, loyaltyId: `LOY-${c}`, externalIds: { shop: String(c) }, name: `Customer ${c}` },
    data: { orderNumber: `#${100_000 + c}`, total: 1 },
  };
}

describe.each(testDialects())('search query plans on %s', (dialect) => {
  let domain: SqlDomain;
  let database: TestDatabase;

  beforeAll(async () => {
    ({ domain, database } = await openTestDomain(dialect));
    if (dialect === 'sqlite') {
      for (let c = 0; c < SQLITE_CUSTOMERS; c += 500) await domain.ingest.ingest(systemActor('test'), Array.from({ length: 500 }, (_, k) => benchLikeEvent(c + k)));
    } else {
      // A realistic table size without going through ingest; Postgres maintains its indexes itself.
      const db = database.db;
      await domain.ingest.ingest(systemActor('test'), [benchLikeEvent(0)]);
      // Bulk rows into a GIN index are slow one by one: drop it and rebuild it from its own definition after.
      const gin = await sql<{ def: string }>`select pg_get_indexdef(to_regclass('customers_name_trgm')) as def`.execute(db);
      const ginDef = gin.rows[0]?.def;
      if (ginDef) await sql`drop index customers_name_trgm`.execute(db);
      await sql`insert into customers (id, display_name, name_rank, search_name, created_at_us, merged_into, first_seen_us, last_activity_us, event_count)
        select 'cus_' || g, 'Customer ' || g, 3, 'customer ' || g, g, case when g % 50 = 0 then 'cus_1' end, g, g, 1 from generate_series(1, ${PG_CUSTOMERS}) g`.execute(db);
      await sql`insert into identifiers (kind, value, customer_id, origin_customer_id, rev, created_at_us)
        select k.kind, k.value, 'cus_' || g, 'cus_' || g, k.rev, g from generate_series(1, ${PG_CUSTOMERS}) g,
        lateral (values ('email', 'cust' || g || '@bench.example', null), ('phone', '+1415' || (3000000 + g), reverse('1415' || (3000000 + g))),
                        ('loyalty', 'LOY-' || g, reverse('LOY-' || g))) as k(kind, value, rev)`.execute(db);
      await sql`insert into event_refs (kind, value, event_id, customer_id) select 'order', (100000 + g)::text, 'evt_' || g, 'cus_' || g from generate_series(1, ${PG_CUSTOMERS}) g`.execute(db);
      if (ginDef) await sql.raw(ginDef).execute(db);
      for (const t of BIG_TABLES) await sql`analyze ${sql.table(t)}`.execute(db);
    }
  }, 120_000);
  afterAll(async () => {
    await domain?.close();
  });

  async function capture(): Promise<Captured[]> {
    const captured: Captured[] = [];
    const logged = loggingDb(database, captured);
    for (const q of HOT_QUERIES) await searchCustomers(logged, q, 20, 'US');
    // Not destroyed: it shares the test database's connection / pool.
    return captured;
  }

  if (dialect === 'sqlite') {
    it.each([false, true])('has no table SCAN in any statement (after ANALYZE: %s)', async (analyzed) => {
      const sqlite = database.raw.dialect === 'sqlite' ? database.raw.sqlite : null;
      if (analyzed) sqlite!.exec('analyze');
      const statements = await capture();
      expect(statements.length).toBeGreaterThan(HOT_QUERIES.length);
      for (const s of statements) {
        const plan = sqlite!.prepare(`explain query plan ${s.sql}`).all(...(s.parameters as unknown[])) as { detail: string }[];
        const scans = plan.map((p) => p.detail).filter((d) => /^SCAN /.test(d) && !/VIRTUAL TABLE INDEX/.test(d) && !(s.sql === BOUNDED_WALK.sql && d === BOUNDED_WALK.detail));
        expect(scans, `${s.sql}\n${plan.map((p) => p.detail).join('\n')}`).toEqual([]);
      }
    });
    it('finds the bench customer first for each kind of query', async () => {
      expect((await domain.customers.search(systemActor('test'), 'Customer 1234', 5))[0]?.displayName).toBe('Customer 1234');
      expect((await domain.customers.search(systemActor('test'), '(415) 300-1234', 5))[0]?.emails).toEqual(['cust1234@bench.example']);
      expect((await domain.customers.search(systemActor('test'), '1234', 5))[0]?.loyaltyIds).toEqual(['LOY-1234']);
    });
  } else {
    it('has no Seq Scan on the big tables at a realistic size', async () => {
      const statements = await capture();
      expect(statements.length).toBeGreaterThan(HOT_QUERIES.length);
      const pool = database.raw.dialect === 'postgres' ? database.raw.pool : null;
      for (const s of statements) {
        const seqScans = await pgSeqScansOver(pool!, s.sql, s.parameters, BIG_TABLES, PG_READ_BOUND);
        expect(seqScans, `${s.sql}\n${JSON.stringify(s.parameters)}`).toEqual([]);
      }
    });
  }
});
