import { describe, expect, it } from 'vitest';
import type { Identifier } from './normalize.js';
import { IdentityResolver, type CustomerState } from './resolver.js';

const id = (key: string): Identifier => {
  const [kind, ...rest] = key.split(':');
  return { kind: kind as Identifier['kind'], value: rest.join(':'), key };
};
const stored = (cid: string, createdAtUs: number, name = cid): CustomerState => ({
  id: cid,
  isNew: false,
  displayName: name,
  nameRank: 3,
  createdAtUs,
  firstSeenUs: 100,
  lastActivityUs: 200,
  eventCount: 2,
  mergedInto: null,
});
const anon = { name: 'x@y.com', rank: 2 };

describe('IdentityResolver', () => {
  it('creates one customer for events sharing an identifier within a batch', () => {
    const r = new IdentityResolver(new Map(), new Map(), 1000);
    const a = r.assign(0, [id('email:a@x.com')], anon, 10);
    const b = r.assign(1, [id('email:a@x.com'), id('phone:+14155550142')], anon, 20);
    const c = r.assign(2, [id('phone:+14155550142')], anon, 5);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(r.newIdentifiers.map((n) => n.identifier.key)).toEqual(['email:a@x.com', 'phone:+14155550142']);
    const [cust] = r.changedCustomers();
    expect(cust).toMatchObject({ eventCount: 3, firstSeenUs: 5, lastActivityUs: 20 });
  });

  it('merges bridged customers into the oldest and records the bridging identifier', () => {
    const customers = new Map([
      ['cus_new', stored('cus_new', 500, 'Newer')],
      ['cus_old', stored('cus_old', 100, 'Older')],
    ]);
    const owners = new Map([
      ['email:a@x.com', 'cus_new'],
      ['phone:+14155550142', 'cus_old'],
    ]);
    const r = new IdentityResolver(owners, customers, 1000);
    const got = r.assign(0, [id('email:a@x.com'), id('phone:+14155550142')], anon, 300);
    expect(got).toBe('cus_old');
    expect(r.merges).toHaveLength(1);
    expect(r.merges[0]).toMatchObject({ fromId: 'cus_new', intoId: 'cus_old', bridgingIdentifier: 'email:a@x.com' });
    expect(customers.get('cus_new')!.mergedInto).toBe('cus_old');
    expect(customers.get('cus_old')).toMatchObject({ eventCount: 5, displayName: 'Older', lastActivityUs: 300 });
    expect(r.resolve('cus_new')).toBe('cus_old');
  });

  it('follows merge chains made within one batch', () => {
    const r = new IdentityResolver(new Map(), new Map(), 1000);
    const a = r.assign(0, [id('email:a@x.com')], anon, 1);
    const b = r.assign(1, [id('email:b@x.com')], anon, 1);
    const c = r.assign(2, [id('email:c@x.com')], anon, 1);
    r.assign(3, [id('email:b@x.com'), id('email:c@x.com')], anon, 1); // c -> b
    r.assign(4, [id('email:a@x.com'), id('email:c@x.com')], anon, 1); // b -> a (a is oldest)
    expect([r.resolve(a), r.resolve(b), r.resolve(c)]).toEqual([a, a, a]);
    expect(r.merges.map((m) => [m.fromId, m.intoId])).toEqual([
      [c, b],
      [b, a],
    ]);
    // What moved with each merge (for exact undo): c's event + identifier, then b's (incl. c's).
    expect(r.merges[0]!.batchEventIndexes).toEqual([2]);
    expect(r.merges[1]!.batchEventIndexes.sort()).toEqual([1, 2, 3]);
    expect(r.merges[1]!.batchIdentifierKeys.sort()).toEqual(['email:b@x.com', 'email:c@x.com']);
  });

  it('keeps the first real name and upgrades a fallback display name', () => {
    const r = new IdentityResolver(new Map(), new Map(), 1000);
    const cid = r.assign(0, [id('phone:+14155550142')], { name: '+14155550142', rank: 1 }, 1);
    r.assign(1, [id('phone:+14155550142')], { name: 'ann@x.com', rank: 2 }, 1);
    r.assign(2, [id('phone:+14155550142')], { name: 'Ann Lee', rank: 3 }, 1);
    r.assign(3, [id('phone:+14155550142')], { name: 'Someone Else', rank: 3 }, 1);
    expect(r.changedCustomers().find((c) => c.id === cid)!.displayName).toBe('Ann Lee');
  });

  describe('shared identifiers (household loyalty cards)', () => {
    const named = (name: string) => ({ name, rank: 3 });
    it('links instead of merging when the given name or birth date disagrees, and merges when they agree', () => {
      const r = new IdentityResolver(new Map(), new Map(), 1000);
      const ann = r.assign(0, [id('email:ann@x.com'), id('loyalty:LC-1')], named('Ann Lee'), 1, { given: 'ann', dob: '19800402' });
      const bob = r.assign(1, [id('email:bob@x.com'), id('loyalty:LC-1')], named('Bob Lee'), 2, { given: 'bob', dob: '' });
      expect(bob).not.toBe(ann);
      expect(r.merges).toEqual([]);
      expect(r.links).toMatchObject([{ identifierKey: 'loyalty:LC-1', customerId: bob, otherId: ann, eventIndex: 1 }]);
      expect(r.links[0]!.evidence.find((e) => e.field === 'givenName')).toMatchObject({ ours: 'bob', theirs: 'ann', agreement: 'disagree' });
      // Same name, other birth date (a parent and child of one name): linked too.
      const annJr = r.assign(2, [id('phone:+14155550142'), id('loyalty:LC-1')], named('Ann Lee'), 3, { given: 'ann', dob: '20050101' });
      expect(annJr).not.toBe(ann);
      // The card-holder again under a new email, same person evidence: merged (older survives).
      const annWork = r.assign(3, [id('email:ann@work.com')], named('Ann Lee'), 4);
      expect(r.assign(4, [id('email:ann@work.com'), id('loyalty:LC-1')], named('Annie Lee'), 5, { given: 'annie', dob: '19800402' })).toBe(ann);
      expect(r.merges.map((m) => [m.fromId, m.intoId])).toEqual([[annWork, ann]]);
    });

    it('a card-only event lands on the linked customer who fits, else on someone new', () => {
      const r = new IdentityResolver(new Map(), new Map(), 1000);
      const ann = r.assign(0, [id('loyalty:LC-2')], named('Ann Lee'), 1, { given: 'ann', dob: '' });
      const rob = r.assign(1, [id('loyalty:LC-2')], named('Robert Lee'), 2, { given: 'robert', dob: '' });
      expect(rob).not.toBe(ann);
      expect(r.assign(2, [id('loyalty:LC-2')], named('Bob Lee'), 3, { given: 'bob', dob: '' })).toBe(rob);
      expect(r.assign(3, [id('loyalty:LC-2')], anon, 4)).toBe(ann);
      expect(r.merges).toEqual([]);
    });

    it('person-scoped loyalty ids merge as before', () => {
      const r = new IdentityResolver(new Map(), new Map(), 1000, { scopes: { email: 'person', phone: 'person', loyalty: 'person', external: 'person' } });
      const ann = r.assign(0, [id('email:ann@x.com'), id('loyalty:LC-3')], named('Ann Lee'), 1, { given: 'ann', dob: '' });
      expect(r.assign(1, [id('email:bob@x.com'), id('loyalty:LC-3')], named('Bob Lee'), 2, { given: 'bob', dob: '' })).toBe(ann);
    });
  });
});
