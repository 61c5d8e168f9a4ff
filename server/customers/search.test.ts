import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

describe.each(testDialects())('customer search on %s', (dialect) => {
  let domain: SqlDomain;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const at = (h: number) => new Date(Date.UTC(2024, 4, 1, h)).toISOString();
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent({ email: 'ann.lee@example.com', phone: '(415) 555-0142', name: 'Ann Lee' }, { occurredAt: at(1) }),
      testEvent({ email: 'bob@example.com', loyaltyId: 'lc-777', name: 'Bob Annson' }, { occurredAt: at(3) }),
      testEvent({ externalIds: { Shopify: '7060' }, name: 'Carla Diaz' }, { occurredAt: at(2) }),
      testEvent({ email: 'dee@example.org' }, { occurredAt: at(4), channel: 'purchase', type: 'order.placed', data: { orderNumber: '#10042', total: 12 } }),
      testEvent({ phone: '+44 20 7946 0958', name: '100% Real_Name' }, { occurredAt: at(0) }),
    ]);
    [ids['ann'], ids['bob'], ids['carla'], ids['dee'], ids['uk']] = out.results.map((r) => r.customerId) as [string, string, string, string, string];
    // A merged-away customer must never be listed.
    const merged = await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ann.other@example.com', name: 'Ann Other' }, { occurredAt: at(5) })]);
    ids['annOther'] = merged.results[0]!.customerId;
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'ann.other@example.com', phone: '4155550142' }, { occurredAt: at(0) })]);
  });
  afterAll(async () => {
    await domain.close();
  });

  const find = async (q: string) => (await domain.customers.search(systemActor('test'), q, 20)).map((c) => c.id);

  it('lists the most recently active customers for an empty query, merged-away ones excluded', async () => {
    const list = await find('');
    expect(list).toEqual([ids['ann'], ids['dee'], ids['bob'], ids['carla'], ids['uk']]);
    expect(list).not.toContain(ids['annOther']);
    expect(await domain.customers.search(systemActor('test'), '', 2)).toHaveLength(2);
  });

  it('matches display names case-insensitively by substring, ordered by last activity', async () => {
    expect(await find('ANN')).toEqual([ids['ann'], ids['bob']]);
    expect(await find('lee ann')).toEqual([ids['ann']]);
    expect(await find('carla')).toEqual([ids['carla']]);
    // LIKE wildcards in the query are literal.
    expect(await find('100%')).toEqual([ids['uk']]);
    expect(await find('l_e')).toEqual([]);
  });

  it('matches emails exactly or by prefix', async () => {
    expect(await find('Bob@Example.com')).toEqual([ids['bob']]);
    expect(await find('dee@')).toEqual([ids['dee']]);
    expect(await find('ann.other@example.com')).toEqual([ids['ann']]);
  });

  it('matches phones in any format, including trailing digits', async () => {
    for (const q of ['(415) 555-0142', '+1 415-555-0142', '4155550142', '555 0142', '555-0142', '0142']) {
      expect(await find(q), q).toEqual([ids['ann']]);
    }
    expect(await find('+44 20 7946 0958')).toEqual([ids['uk']]);
    expect(await find('7946 0958')).toEqual([ids['uk']]);
    expect(await find('999 9999')).toEqual([]);
  });

  it('matches loyalty ids, external ids and order numbers', async () => {
    expect(await find('LC-777')).toEqual([ids['bob']]);
    expect(await find('lc-7')).toEqual([ids['bob']]);
    expect(await find('shopify:7060')).toEqual([ids['carla']]);
    expect(await find('Shopify:7060')).toEqual([ids['carla']]);
    expect(await find('7060')).toEqual([ids['carla']]);
    expect(await find('#10042')).toEqual([ids['dee']]);
    expect(await find('10042')).toEqual([ids['dee']]);
  });

  it('returns full summaries', async () => {
    const [ann] = await domain.customers.search(systemActor('test'), 'ann lee', 5);
    expect(ann).toMatchObject({
      id: ids['ann'],
      displayName: 'Ann Lee',
      emails: ['ann.lee@example.com', 'ann.other@example.com'],
      phones: ['+14155550142'],
      eventCount: 3,
      lastActivityAt: '2024-05-01T05:00:00.000000Z',
    });
  });
});

describe.each(testDialects())('customer search ranking and folding on %s', (dialect) => {
  let domain: SqlDomain;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const at = (h: number) => new Date(Date.UTC(2024, 5, 1, h)).toISOString();
    const people: [string, IngestEvent['customer'], Partial<IngestEvent>][] = [
      ['jose', { email: 'jn@example.com', name: 'José Núñez' }, { occurredAt: at(1) }],
      ['bjorn', { email: 'bs@example.com', name: 'BJÖRN Ström' }, { occurredAt: at(2) }],
      // Most recent of all, but only a substring match for "jose".
      ['mariajose', { email: 'mj@example.com', name: 'Maríajosé Ruiz' }, { occurredAt: at(9) }],
      ['card', { loyaltyId: 'LOY-100042', name: 'Carded Person' }, { occurredAt: at(3) }],
      ['bare', { loyaltyId: '200077', name: 'Bare Card' }, { occurredAt: at(4) }],
      // Its phone ends in 100042: a partial hit for "100042", ranked after the card's exact one.
      ['phone', { phone: '+1 415 310 0042', name: 'Phone Person' }, { occurredAt: at(8) }],
      ['receipt', { email: 'rc@example.com' }, { occurredAt: at(5), channel: 'store', type: 'store.purchase', data: { receiptNumber: 'R-5521', total: 3 } }],
      ['joseph', { email: 'jose@example.com', name: 'Joseph Kay' }, { occurredAt: at(6) }],
    ];
    const out = await domain.ingest.ingest(systemActor('test'), people.map(([, customer, over]) => testEvent(customer, over)));
    people.forEach(([key], i) => (ids[key] = out.results[i]!.customerId));
  });
  afterAll(async () => {
    await domain.close();
  });

  const find = async (q: string) => (await domain.customers.search(systemActor('test'), q, 20)).map((c) => c.id);

  it('folds case and diacritics on both sides', async () => {
    for (const q of ['José', 'jose', 'JOSE', 'josé núñez', 'NUNEZ']) expect((await find(q))[0], q).toBe(ids['jose']);
    for (const q of ['björn', 'bjorn', 'STROM', 'ström']) expect(await find(q), q).toEqual([ids['bjorn']]);
  });

  it('ranks a name prefix above a more recent substring match, and an exact email first', async () => {
    // "jose": José Núñez (name prefix) before Maríajosé (substring, more recent); jose@ is an email prefix.
    expect(await find('jose')).toEqual([ids['jose'], ids['joseph'], ids['mariajose']]);
    expect((await find('jose@example.com'))).toEqual([ids['joseph']]);
    expect(await find('nunez jose')).toEqual([ids['jose']]);
  });

  it('answers queries shorter than 3 characters by name prefix only', async () => {
    // Equally similar name prefixes: the more recently active first.
    expect(await find('jo')).toEqual([ids['joseph'], ids['jose']]);
    // "ez" is inside "Núñez" but starts no name.
    expect(await find('ez')).toEqual([]);
    expect(await find('b')).toEqual([ids['bare'], ids['bjorn']]);
  });

  it('finds a loyalty card with or without its prefix, exact before partial', async () => {
    expect(await find('LOY-100042')).toEqual([ids['card']]);
    expect(await find('loy-100042')).toEqual([ids['card']]);
    expect(await find('100042')).toEqual([ids['card'], ids['phone']]);
    expect(await find('200077')).toEqual([ids['bare']]);
    expect(await find('LOY-200077')).toEqual([ids['bare']]);
  });

  it('finds receipt numbers like order numbers, and never searches names for identifiers', async () => {
    expect(await find('R-5521')).toEqual([ids['receipt']]);
    expect(await find('#R-5521')).toEqual([ids['receipt']]);
    // Clearly an email: no name contains it, and no name is searched.
    expect(await find('person@nowhere.example')).toEqual([]);
  });
});

describe.each(testDialects())('customer search on hostile queries on %s', (dialect) => {
  let domain: SqlDomain;
  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'q@example.com', name: 'Quinn "Q" O\'Neil' })]);
  });
  afterAll(async () => {
    await domain.close();
  });

  it('answers any text without throwing: FTS syntax, quotes, wildcards, NUL, lone surrogates', async () => {
    for (const q of ['"', '""', 'a"b"c', "o'neil", '"q"', 'NEAR(a b)', 'a OR b', 'AND', '*', 'q*', '^qu', '%%%', '___', '\\\\\\', '\u0000\u0000\u0000', '\uD800ab', 'ab\uDFFF', '#', '@', ':', 'x:', '+', '(', '1 (', 'é'.repeat(200)]) {
      await expect(domain.customers.search(systemActor('test'), q, 5), JSON.stringify(q)).resolves.toBeInstanceOf(Array);
    }
    expect((await domain.customers.search(systemActor('test'), '"q" o\'n', 5)).map((c) => c.displayName)).toEqual(['Quinn "Q" O\'Neil']);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (q) => {
        expect(Array.isArray(await domain.customers.search(systemActor('test'), q, 5))).toBe(true);
      }),
      { numRuns: dialect === 'sqlite' ? 300 : 100 },
    );
  }, 60_000);
});
