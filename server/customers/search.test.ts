import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';

describe.each(testDialects())('customer search on %s', (dialect) => {
  let domain: SqlDomain;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const at = (h: number) => new Date(Date.UTC(2024, 4, 1, h)).toISOString();
    const out = await domain.ingest.ingest([
      testEvent({ email: 'ann.lee@example.com', phone: '(415) 555-0142', name: 'Ann Lee' }, { occurredAt: at(1) }),
      testEvent({ email: 'bob@example.com', loyaltyId: 'lc-777', name: 'Bob Annson' }, { occurredAt: at(3) }),
      testEvent({ externalIds: { Shopify: '7060' }, name: 'Carla Diaz' }, { occurredAt: at(2) }),
      testEvent({ email: 'dee@example.org' }, { occurredAt: at(4), channel: 'purchase', type: 'order.placed', data: { orderNumber: '#10042', total: 12 } }),
      testEvent({ phone: '+44 20 7946 0958', name: '100% Real_Name' }, { occurredAt: at(0) }),
    ]);
    [ids['ann'], ids['bob'], ids['carla'], ids['dee'], ids['uk']] = out.results.map((r) => r.customerId) as [string, string, string, string, string];
    // A merged-away customer must never be listed.
    const merged = await domain.ingest.ingest([testEvent({ email: 'ann.other@example.com', name: 'Ann Other' }, { occurredAt: at(5) })]);
    ids['annOther'] = merged.results[0]!.customerId;
    await domain.ingest.ingest([testEvent({ email: 'ann.other@example.com', phone: '4155550142' }, { occurredAt: at(0) })]);
  });
  afterAll(async () => {
    await domain.close();
  });

  const find = async (q: string) => (await domain.customers.search(q, 20)).map((c) => c.id);

  it('lists the most recently active customers for an empty query, merged-away ones excluded', async () => {
    const list = await find('');
    expect(list).toEqual([ids['ann'], ids['dee'], ids['bob'], ids['carla'], ids['uk']]);
    expect(list).not.toContain(ids['annOther']);
    expect(await domain.customers.search('', 2)).toHaveLength(2);
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
    const [ann] = await domain.customers.search('ann lee', 5);
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
