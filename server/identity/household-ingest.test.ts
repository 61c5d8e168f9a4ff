import { afterEach, describe, expect, it } from 'vitest';
import { DuplicatesResponseSchema, identifierScopes, parseSharedIdentifiers } from '../../shared/index.js';
import { loadConfig } from '../config.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { testEvent } from '../storage/test-domain.js';
import { openTestDatabase, testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

/* Household identifiers at ingest (issue 9): a shared loyalty card links and suggests, it never merges two people. */

describe('shared identifier configuration', () => {
  it('defaults loyalty ids to shared, reads OMNI_SHARED_IDENTIFIERS, and names a bad kind', () => {
    expect(identifierScopes()).toEqual({ email: 'person', phone: 'person', loyalty: 'shared', external: 'person' });
    expect(loadConfig({}, []).sharedIdentifiers).toEqual(['loyalty']);
    expect(loadConfig({ OMNI_SHARED_IDENTIFIERS: 'none' }, []).sharedIdentifiers).toEqual([]);
    expect(loadConfig({ OMNI_SHARED_IDENTIFIERS: 'loyalty, phone' }, []).sharedIdentifiers).toEqual(['loyalty', 'phone']);
    expect(() => loadConfig({ OMNI_SHARED_IDENTIFIERS: 'loyalty,card' }, [])).toThrow(/OMNI_SHARED_IDENTIFIERS.*"card" is not an identifier kind/);
    expect(parseSharedIdentifiers('EMAIL')).toEqual(['email']);
  });
});

describe.each(testDialects())('household identifiers at ingest on %s', (dialect) => {
  let domain: SqlDomain | null = null;
  afterEach(async () => {
    await domain?.close();
    domain = null;
  });
  const open = async (sharedIdentifiers?: Parameters<typeof identifierScopes>[0]) => {
    const database = await openTestDatabase(dialect);
    domain = await domainOn(database, { defaultRegion: 'US', ...(sharedIdentifiers ? { sharedIdentifiers } : {}) });
    return domain;
  };
  const ingest = async (d: SqlDomain, customer: Parameters<typeof testEvent>[0], data: Record<string, unknown> = {}) =>
    (await d.ingest.ingest(systemActor('test'), [testEvent(customer, { data })])).results[0]!.customerId;

  it('partners sharing a loyalty card stay two customers, linked by a suggestion with its evidence', async () => {
    const d = await open();
    const ann = await ingest(d, { email: 'ann@example.com', name: 'Ann Lee', loyaltyId: 'LC-77' }, { dateOfBirth: '1980-04-02' });
    const bob = await ingest(d, { email: 'bob@example.com', name: 'Bob Lee', loyaltyId: 'LC-77' }, { dateOfBirth: '1978-11-30' });
    expect(bob).not.toBe(ann);
    const merges = await d.database.db.selectFrom('merges').selectAll().execute();
    expect(merges).toEqual([]);

    // The event landed on Bob's email customer; Ann still owns the card.
    const owner = await d.database.db.selectFrom('identifiers').select('customer_id').where('kind', '=', 'loyalty').where('value', '=', 'LC-77').executeTakeFirstOrThrow();
    expect(owner.customer_id).toBe(ann);

    for (const [me, other] of [
      [ann, bob],
      [bob, ann],
    ] as const) {
      const suggestions = DuplicatesResponseSchema.parse({ suggestions: await d.duplicates.duplicates(systemActor('test'), me, 10) }).suggestions;
      const s = suggestions.find((x) => x.customerId === other);
      expect(s, `suggestion for ${me}`).toMatchObject({ reason: 'shared-identifier', sharedKind: 'loyalty' });
      const ev = Object.fromEntries(s!.evidence.map((e) => [e.field, e]));
      expect(ev['givenName']).toMatchObject({ agreement: 'disagree' });
      expect(ev['dob']).toMatchObject({ agreement: 'disagree' });
      expect(ev['sharedId']).toMatchObject({ agreement: 'agree', ours: 'LC-77' });
      expect(s!.score).toBeLessThan(0.5);
    }
  });

  it('a card-only event lands on the partner it names, a Robert/Bob event on Robert, and agreeing people still merge', async () => {
    const d = await open();
    const ann = await ingest(d, { email: 'ann@example.com', name: 'Ann Lee', loyaltyId: 'LC-9' });
    const rob = await ingest(d, { phone: '(415) 555-0142', name: 'Robert Lee', loyaltyId: 'LC-9' }, { dob: '1978-11-30' });
    expect(rob).not.toBe(ann);
    // Card only: named Bob -> Robert (linked through the card, nickname agrees); named Ann -> Ann; no name -> the card's owner.
    expect(await ingest(d, { loyaltyId: 'LC-9', name: 'Bob Lee' })).toBe(rob);
    expect(await ingest(d, { loyaltyId: 'lc-9', name: 'Ann Lee' })).toBe(ann);
    expect(await ingest(d, { loyaltyId: 'LC-9' })).toBe(ann);
    // A stranger at the till with the card: someone new, linked, not merged into either.
    const cy = await ingest(d, { loyaltyId: 'LC-9', name: 'Cy Lee' }, { dateOfBirth: '2001-01-01' });
    expect([ann, rob]).not.toContain(cy);
    expect(await d.database.db.selectFrom('merges').selectAll().execute()).toEqual([]);
    // The same person under a new email with the card: merges as before.
    const ann2 = await ingest(d, { email: 'ann.lee@work.example', name: 'Ann Lee' });
    expect(await ingest(d, { email: 'ann.lee@work.example', loyaltyId: 'LC-9', name: 'Ann Lee' })).toBe(ann);
    const merges = await d.database.db.selectFrom('merges').select(['from_id', 'into_id']).execute();
    expect(merges).toEqual([{ from_id: ann2, into_id: ann }]);
  });

  it('person-scoped loyalty ids (configured) keep the old auto-merge', async () => {
    const d = await open([]);
    const ann = await ingest(d, { email: 'ann@example.com', name: 'Ann Lee', loyaltyId: 'LC-5' });
    const bob = await ingest(d, { email: 'bob@example.com', name: 'Bob Lee', loyaltyId: 'LC-5' });
    expect(bob).toBe(ann);
  });
});
