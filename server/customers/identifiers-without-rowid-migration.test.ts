import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/actor.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { downIdentifiersWithoutRowid, upIdentifiersWithoutRowid } from './identifiers-without-rowid-migration.js';

/*
 * Migration 0050: SQLite's identifiers table is stored WITHOUT ROWID, keeps every row and index, foreign keys are on
 * again afterwards, and identity goes on resolving and merging through it. Down gives the rowid table back.
 * PostgreSQL: a no-op.
 */

describe('identifiers without rowid migration on sqlite', () => {
  it('rebuilds the table in place, rows and indexes kept, both ways', async () => {
    const { domain } = await openTestDomain('sqlite');
    const db = domain.database.db;
    const shape = async () => {
      const objects = (await sql<{ type: string; sql: string | null }>`select type, sql from sqlite_master where tbl_name = 'identifiers' order by name`.execute(db)).rows;
      return {
        withoutRowid: /without rowid$/i.test(objects.find((o) => o.type === 'table')?.sql ?? ''),
        indexes: objects.filter((o) => o.type === 'index' && o.sql).map((o) => o.sql),
        rows: (await sql`select * from identifiers order by kind, value`.execute(db)).rows,
        foreignKeys: (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys,
      };
    };
    try {
      const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'a@x.com', phone: '4155550101' }), testEvent({ email: 'b@x.com', loyaltyId: 'LOY-77' })]);
      const [a, b] = out.results.map((r) => r.customerId) as [string, string];
      const migrated = await shape();
      expect(migrated).toMatchObject({ withoutRowid: true, foreignKeys: 1 });
      expect(migrated.rows).toHaveLength(4);
      expect(migrated.indexes.join('\n')).toMatch(/identifiers_customer[\s\S]*identifiers_rev/);

      await downIdentifiersWithoutRowid(db, 'sqlite');
      expect(await shape()).toEqual({ ...migrated, withoutRowid: false });

      await upIdentifiersWithoutRowid(db, 'sqlite');
      await upIdentifiersWithoutRowid(db, 'sqlite'); // a second run finds it done
      expect(await shape()).toEqual(migrated);

      // Identity resolves and merges through the rebuilt table: a's phone in another format with a new email is a;
      // b's card with a's email merges b into a (the older survives).
      const again = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'a2@x.com', phone: '(415) 555-0101' }), testEvent({ email: 'a@x.com', loyaltyId: 'LOY-77' })]);
      expect(again.results.map((r) => r.customerId)).toEqual([a, a]);
      expect(again.merges.map((m) => [m.fromId, m.intoId])).toEqual([[b, a]]);
      const plan = (await sql<{ detail: string }>`explain query plan select customer_id from identifiers where kind = 'email' and value = 'a@x.com'`.execute(db)).rows.map((r) => r.detail);
      expect(plan).toEqual(['SEARCH identifiers USING PRIMARY KEY (kind=? AND value=?)']);
    } finally {
      await domain.close();
    }
  });
});
