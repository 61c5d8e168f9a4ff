import { afterEach, describe, expect, it } from 'vitest';
import { DuplicatesResponseSchema } from '../../../shared/index.js';
import { systemActor } from '../../../shared/actor.js';
import { domainOn, type SqlDomain } from '../../create-domain.js';
import { testEvent } from '../../storage/test-domain.js';
import { openTestDatabase, testDialects } from '../../storage/test-database.js';

/* Issue 17: duplicate evidence shows the values as the sources sent them, beside the normalized ones the matcher compared. */

describe.each(testDialects())('duplicate evidence as entered on %s', (dialect) => {
  let domain: SqlDomain | null = null;
  afterEach(async () => {
    await domain?.close();
    domain = null;
  });

  it('names, birth dates and postcodes read as entered; the compared values stay normalized', async () => {
    const database = await openTestDatabase(dialect);
    const d = (domain = await domainOn(database, { defaultRegion: 'US' }));
    const ingest = async (customer: Parameters<typeof testEvent>[0], data: Record<string, unknown>) =>
      (await d.ingest.ingest(systemActor('test'), [testEvent(customer, { data })])).results[0]!.customerId;
    // Partners sharing a household card: always listed, whatever the score.
    const ann = await ingest({ email: 'ann.entered@example.com', name: 'Ann LEE', loyaltyId: 'LC-88' }, { dateOfBirth: '1980-04-02', postcode: 'SW1A 1AA' });
    const bob = await ingest({ email: 'bob.entered@example.com', name: 'Bob Lee', loyaltyId: 'LC-88' }, { birthDate: '30/11/1978', postcode: 'sw1a 1aa' });
    const s = DuplicatesResponseSchema.parse({ suggestions: await d.duplicates.duplicates(systemActor('test'), ann, 10) }).suggestions.find((x) => x.customerId === bob);
    expect(s).toBeDefined();
    const ev = Object.fromEntries(s!.evidence.map((e) => [e.field, e]));
    expect(ev['givenName']).toMatchObject({ ours: 'ann', oursEntered: 'Ann', theirs: 'bob', theirsEntered: 'Bob' });
    expect(ev['surname']).toMatchObject({ ours: 'lee', oursEntered: 'LEE', theirs: 'lee', theirsEntered: 'Lee' });
    expect(ev['dob']).toMatchObject({ ours: '19800402', oursEntered: '1980-04-02', theirs: '30111978', theirsEntered: '30/11/1978' });
    expect(ev['postcode']).toMatchObject({ ours: 'sw1a1aa', oursEntered: 'SW1A 1AA', theirsEntered: 'sw1a 1aa', agreement: 'agree' });
  });
});
