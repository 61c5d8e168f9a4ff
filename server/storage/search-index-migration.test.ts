import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { searchCustomers } from '../customers/search.js';
import { openTestDomain, testEvent } from './test-domain.js';
import { testDialects } from './test-database.js';
import { downSearchIndex, upSearchIndex } from './search-index-migration.js';
import { systemActor } from '../../shared/actor.js';

// Upgrading a database written before migration 0009: names folded, index built from existing customers, cards reversed.
describe.each(testDialects())('search index migration on %s', (dialect) => {
  it('builds the index from existing rows and undoes cleanly', async () => {
    const { domain } = await openTestDomain(dialect);
    try {
      const out = await domain.ingest.ingest(systemActor('test'), [
        testEvent({ email: 'jn@example.com', name: 'José Núñez', loyaltyId: 'LOY-100042' }),
        testEvent({ email: 'old@example.com' }),
      ]);
      const [a, b] = out.results.map((r) => r.customerId) as [string, string];
      // The survivor carries the name (a name outranks an email as display name); the other is merged away.
      const jose = (await domain.merges.merge(systemActor('test'), a, b)).intoId;
      const db = domain.database.db;
      // Back to the pre-0009 shape: no index, search_name only lower-cased, loyalty without rev.
      await downSearchIndex(db, dialect);
      await db.updateTable('customers').set({ search_name: sql`lower(display_name)` }).execute();
      expect((await db.selectFrom('identifiers').select('rev').where('kind', '=', 'loyalty').executeTakeFirstOrThrow()).rev).toBeNull();

      await db.transaction().execute((tx) => upSearchIndex(tx, dialect));

      const row = await db.selectFrom('customers').select('search_name').where('id', '=', jose).executeTakeFirstOrThrow();
      expect(row.search_name).toBe('jose nunez');
      expect((await db.selectFrom('identifiers').select('rev').where('kind', '=', 'loyalty').executeTakeFirstOrThrow()).rev).toBe('240001-YOL');
      for (const q of ['nunez', 'José', 'jo', '100042']) expect((await domain.customers.search(systemActor('test'), q, 5)).map((c) => c.id), q).toEqual([jose]);
      expect((await domain.customers.search(systemActor('test'), 'old@example.com', 5)).map((c) => c.id)).toEqual([jose]);
      const indexed = dialect === 'sqlite' ? await sql<{ n: number }>`select count(*) as n from customer_names`.execute(db) : null;
      if (indexed) expect(indexed.rows[0]!.n).toBe(1);
    } finally {
      await domain.close();
    }
  }, 60_000);

  if (dialect === 'postgres') {
    it('without pg_trgm, name search falls back to name prefixes', async () => {
      const { domain, database } = await openTestDomain(dialect);
      try {
        const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'a@example.com', name: 'Ann Lee' }), testEvent({ email: 'b@example.com', name: 'Bob Annson' })]);
        const [ann, bob] = out.results.map((r) => r.customerId) as [string, string];
        expect((await domain.customers.search(systemActor('test'), 'ann', 5)).map((c) => c.id)).toEqual([ann, bob]);
        // A server where the extension could not be installed has no trigram index; a new hub detects that.
        await sql`drop index customers_name_trgm`.execute(database.db);
        const other = await database.openAnother();
        try {
          const find = async (q: string) => (await searchCustomers(other.db, q, 5, 'US')).map((c) => c.id);
          expect(await find('ann')).toEqual([ann]);
          expect(await find('ann lee')).toEqual([ann]);
          expect(await find('annson')).toEqual([]);
        } finally {
          await other.close();
        }
      } finally {
        await domain.close();
      }
    }, 60_000);
  }
});
