import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/actor.js';
import type { SqlDomain } from '../create-domain.js';
import { privacyOf } from '../privacy/port.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';

/*
 * The counter's exact-identifier lookup on both backends: every identifier form finds its customer as the
 * one exact match (ranked before partial ones), and merges, undos and erasure keep it in step.
 */
describe.each(testDialects())('customer lookup on %s', (dialect) => {
  let domain: SqlDomain;
  const ids: Record<string, string> = {};
  const actor = systemActor('test');
  const at = (h: number) => new Date(Date.UTC(2024, 4, 1, h)).toISOString();

  beforeAll(async () => {
    ({ domain } = await openTestDomain(dialect));
    const out = await domain.ingest.ingest(actor, [
      testEvent({ email: 'Ann.Lee@Example.com', phone: '(415) 555-0142', loyaltyId: 'LOY-100042', name: 'Ann Lee' }, { occurredAt: at(1) }),
      // A card whose number is a prefix of Ann's, and a name containing hers: partial matches only.
      testEvent({ email: 'annabel@example.com', loyaltyId: 'LOY-1000', name: 'Annabel Lee' }, { occurredAt: at(5) }),
      testEvent({ email: 'dee@example.org', name: 'Dee Park' }, { occurredAt: at(2), channel: 'purchase', type: 'order.placed', data: { orderNumber: '#A-1001', receiptNumber: 'R-77001', total: 12 } }),
      testEvent({ loyaltyId: '555001', name: 'Bare Card' }, { occurredAt: at(3) }),
    ]);
    [ids['ann'], ids['annabel'], ids['dee'], ids['bare']] = out.results.map((r) => r.customerId) as [string, string, string, string];
  });
  afterAll(async () => {
    await domain.close();
  });

  const lookup = (q: string, limit = 5) => domain.customers.lookup(actor, q, limit);
  const exactIds = async (q: string) => (await lookup(q)).exact.map((c) => c.id);

  it('resolves a loyalty card with or without its prefix, in any case', async () => {
    for (const q of ['LOY-100042', 'loy-100042', '100042', ' LOY-100042 ']) expect(await exactIds(q), q).toEqual([ids['ann']]);
    // A card stored without a prefix is found typed with one, too.
    for (const q of ['555001', 'LOY-555001']) expect(await exactIds(q), q).toEqual([ids['bare']]);
  });

  it('resolves a phone written in any format', async () => {
    for (const q of ['(415) 555-0142', '415.555.0142', '+1 415 555 0142', '4155550142', '+14155550142']) expect(await exactIds(q), q).toEqual([ids['ann']]);
  });

  it('resolves an email in any case', async () => {
    for (const q of ['ann.lee@example.com', 'ANN.LEE@EXAMPLE.COM', ' Ann.Lee@Example.com ']) expect(await exactIds(q), q).toEqual([ids['ann']]);
  });

  it('resolves order and receipt numbers with or without #', async () => {
    for (const q of ['#A-1001', 'a-1001', 'A-1001', 'R-77001', '#r-77001']) expect(await exactIds(q), q).toEqual([ids['dee']]);
  });

  it('lists partial matches after the exact one and never repeats it', async () => {
    const r = await lookup('LOY-1000');
    expect(r.exact.map((c) => c.id)).toEqual([ids['annabel']]);
    expect(r.others.map((c) => c.id)).toEqual([ids['ann']]);
    const byName = await lookup('ann');
    expect(byName.exact).toEqual([]);
    expect(byName.others.map((c) => c.id).sort()).toEqual([ids['ann'], ids['annabel']].sort());
    expect((await lookup('ann', 1)).others).toHaveLength(1);
  });

  it('finds nothing exact for an unknown identifier', async () => {
    expect(await lookup('LOY-999999')).toEqual({ exact: [], others: [] });
    expect(await lookup('nobody@example.com')).toEqual({ exact: [], others: [] });
  });

  it('follows merges, undos and erasure', async () => {
    const { results } = await domain.ingest.ingest(actor, [testEvent({ email: 'moe@example.com', loyaltyId: 'LOY-700007', name: 'Moe Gray' }, { occurredAt: at(6) })]);
    const moe = results[0]!.customerId;
    const m = await domain.merges.merge(actor, ids['dee']!, moe);
    const survivor = m.intoId;
    const away = survivor === moe ? ids['dee']! : moe;
    expect(await exactIds('LOY-700007')).toEqual([survivor]);
    expect(await exactIds('#A-1001')).toEqual([survivor]);
    expect((await lookup('moe gray')).others.map((c) => c.id)).not.toContain(away);

    await domain.merges.undo(actor, m.id);
    expect(await exactIds('LOY-700007')).toEqual([moe]);
    expect(await exactIds('#A-1001')).toEqual([ids['dee']]);

    await privacyOf(domain).erase(actor, moe, 'asked to be forgotten', undefined);
    expect(await lookup('LOY-700007')).toEqual({ exact: [], others: [] });
    expect(await lookup('moe@example.com')).toEqual({ exact: [], others: [] });
    expect(await lookup('moe gray')).toEqual({ exact: [], others: [] });
  });
});
