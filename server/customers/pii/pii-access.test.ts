import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS, systemActor, type Role, type UserActor } from '../../../shared/index.js';
import type { SqlDomain } from '../../create-domain.js';
import { openTestDomain, testEvent } from '../../storage/test-domain.js';
import { testDialects, type TestDatabase } from '../../storage/test-database.js';
import { resolveCustomerId } from '../resolve-id.js';
import { MaskedCustomerReads } from './masked-reads.js';
import { PiiAccess } from './pii-access.js';

const person = (id: string, role: Role): UserActor => ({ kind: 'user', userId: id, role, email: `${id}@staff.test`, name: id, permissions: ROLE_PERMISSIONS[role] });
const associate = person('u-assoc', 'associate');
const otherAssociate = person('u-assoc-2', 'associate');
const agent = person('u-agent', 'agent');
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;

describe.each(testDialects())('PII masking, reveals and audited views on %s', (dialect) => {
  let domain: SqlDomain;
  let database: TestDatabase;
  let pii: PiiAccess;
  let reads: MaskedCustomerReads;
  let now = T0;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ domain, database } = await openTestDomain(dialect));
    pii = (domain.features.get('customers') as { pii: PiiAccess }).pii;
    pii.now = () => now;
    reads = new MaskedCustomerReads(domain.customers, pii);
    const out = await domain.ingest.ingest(systemActor('test'), [
      testEvent({ email: 'jane.doe@gmail.com', phone: '+1 415 555 4821', loyaltyId: 'LC-55501234', name: 'Jane Doe' }, { channel: 'email', data: { from: 'jane.doe@gmail.com', subject: 'Where is my parcel', text: 'Deliver to 12 High Street', html: '<p>hi</p>' }, summary: 'Where is my parcel' }),
      testEvent({ email: 'jane.doe@gmail.com' }, { channel: 'purchase', type: 'order.placed', data: { orderNumber: '#90210', total: 30, currency: 'USD', shippingAddress: { address1: '12 High Street', city: 'Leeds', country: 'GB' } }, summary: 'Order #90210' }),
      testEvent({ email: 'other.person@example.org', name: 'Other Person' }),
    ]);
    ids['jane'] = out.results[0]!.customerId;
    ids['other'] = out.results[2]!.customerId;
  });
  afterAll(async () => {
    await domain?.close();
  });

  const auditRows = (action: string) =>
    domain.database.db.selectFrom('audit_log').select(['actor_user_id', 'subject_id', 'related_id', 'payload', 'at_us']).where('action', '=', action).orderBy('at_us').execute();

  it('an associate finds a customer by a full email, phone, loyalty card or order number, and gets the hit masked', async () => {
    for (const q of ['jane.doe@gmail.com', '(415) 555-4821', 'LC-55501234', '#90210']) {
      const hits = await reads.search(associate, q, 10);
      expect(hits.map((h) => h.id), q).toEqual([ids['jane']]);
      expect(hits[0]).toMatchObject({ displayName: 'Jane Doe', emails: ['j•••@gmail.com'], phones: ['••• ••• 4821'], loyaltyIds: ['•••1234'] });
      expect(JSON.stringify(hits), q).not.toMatch(/jane\.doe|5554821|55501234/);
    }
    const asAgent = await reads.search(agent, 'jane.doe@gmail.com', 10);
    expect(asAgent[0]!.emails).toEqual(['jane.doe@gmail.com']);
  });

  it('masks the profile and the timeline for an associate, not for an agent', async () => {
    const profile = (await reads.profile(associate, ids['jane']!))!;
    expect(profile.emails).toEqual(['j•••@gmail.com']);
    expect(profile.pii).toEqual({ masked: true, revealedUntil: null, canReveal: true });
    const page = (await reads.timeline(associate, ids['jane']!, { limit: 50, channel: undefined }))!;
    const email = page.items.find((i) => i.channel === 'email')!;
    expect(email.data).toEqual({ from: 'j•••@gmail.com', subject: 'Where is my parcel' });
    expect(email.pii).toEqual({ masked: true, hidden: ['text', 'html'] });
    const order = page.items.find((i) => i.channel === 'purchase')!;
    expect(order.data['shippingAddress']).toEqual({ city: 'Leeds', country: 'GB' });
    expect(JSON.stringify(page)).not.toMatch(/jane\.doe|High Street/);

    const full = (await reads.profile(agent, ids['jane']!))!;
    expect(full.emails).toEqual(['jane.doe@gmail.com']);
    expect(full.pii).toEqual({ masked: false, revealedUntil: null, canReveal: true });
    const fullPage = (await reads.timeline(agent, ids['jane']!, { limit: 50, channel: undefined }))!;
    expect(fullPage.items.every((i) => i.pii === undefined)).toBe(true);
  });

  it('a reveal shows that customer in full to that user until it expires, and is audited with the reason', async () => {
    now = T0 + 60 * MIN;
    const res = await pii.reveal(associate, ids['jane']!, 'customer at the counter asks for her order');
    expect(res).toEqual({ customerId: ids['jane'], revealedUntil: new Date(now + 5 * MIN).toISOString(), seconds: 300 });
    expect((await reads.profile(associate, ids['jane']!))!).toMatchObject({ emails: ['jane.doe@gmail.com'], pii: { masked: false, revealedUntil: res.revealedUntil } });
    expect((await reads.timeline(associate, ids['jane']!, { limit: 50, channel: undefined }))!.items.find((i) => i.channel === 'email')!.data['text']).toBe('Deliver to 12 High Street');
    // Only that customer, only that user.
    expect((await reads.profile(associate, ids['other']!))!.emails).toEqual(['o•••@example.org']);
    expect((await reads.profile(otherAssociate, ids['jane']!))!.emails).toEqual(['j•••@gmail.com']);

    now += 5 * MIN - 1;
    expect((await reads.search(associate, 'Jane Doe', 5))[0]!.emails).toEqual(['jane.doe@gmail.com']);
    now += 1;
    expect((await reads.search(associate, 'Jane Doe', 5))[0]!.emails).toEqual(['j•••@gmail.com']);
    expect((await reads.profile(associate, ids['jane']!))!.pii).toEqual({ masked: true, revealedUntil: null, canReveal: true });

    const rows = await auditRows('customer.pii.reveal');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_user_id: 'u-assoc', subject_id: ids['jane'], related_id: null });
    expect(JSON.parse(rows[0]!.payload)).toEqual({ reason: 'customer at the counter asks for her order', until: res.revealedUntil });
  });

  it('writes one customer.view row per user and customer per 10 minutes', async () => {
    const before = (await auditRows('customer.view')).length;
    now = T0 + 120 * MIN;
    await reads.profile(agent, ids['other']!);
    now += 3 * MIN;
    await reads.profile(agent, ids['other']!);
    await reads.profile(associate, ids['other']!);
    now += 10 * MIN;
    await Promise.all([reads.profile(agent, ids['other']!), reads.profile(agent, ids['other']!)]);
    const rows = (await auditRows('customer.view')).slice(before);
    expect(rows.map((r) => [r.actor_user_id, r.subject_id, Number(r.at_us) / 1000 - T0])).toEqual([
      ['u-agent', ids['other'], 120 * MIN],
      ['u-assoc', ids['other'], 123 * MIN],
      ['u-agent', ids['other'], 133 * MIN],
    ]);
    // System readers (next actions, imports) are not people viewing a profile.
    await reads.profile(systemActor('sweep'), ids['other']!);
    expect((await auditRows('customer.view')).slice(before)).toHaveLength(3);
  });

  it('a merged-away id reveals (and is viewed as) its survivor; a reveal does not follow its customer into a later merge', async () => {
    now = T0 + 200 * MIN;
    const a = (await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'merge.a@example.net', name: 'Merge A' })])).results[0]!.customerId;
    const b = (await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'merge.b@example.net', name: 'Merge B' })])).results[0]!.customerId;
    const merge = await domain.merges.merge(agent, a, b, 'same person');
    const gone = merge.fromId;
    const survivor = merge.intoId;
    const res = await pii.reveal(associate, gone, 'checking the merged profile');
    expect(res.customerId).toBe(survivor);
    const profile = (await reads.profile(associate, gone))!;
    expect(profile.id).toBe(survivor);
    expect(profile.pii?.masked).toBe(false);
    expect([...profile.emails].sort()).toEqual(['merge.a@example.net', 'merge.b@example.net']);
    const rows = await auditRows('customer.pii.reveal');
    expect(rows.at(-1)).toMatchObject({ subject_id: survivor, related_id: gone });

    // Undo: the restored customer was not revealed on its own.
    await domain.merges.undo(agent, merge.id);
    expect((await reads.profile(associate, gone))!.pii?.masked).toBe(true);
    expect((await reads.profile(associate, survivor))!.pii?.masked).toBe(false);
  });

  // PostgreSQL only (skipped on SQLite): a second hub on the same database exists only there; an SQLite file belongs to one hub.
  it.runIf(dialect === 'postgres')('a second hub on the same database honours a reveal, and two hubs serving one open write one view row', async () => {
    const other = await database.openAnother();
    try {
      const there = new PiiAccess(other.db, (id) => resolveCustomerId(other.db, id), { now: () => now });
      now = T0 + 400 * MIN;
      expect((await there.fullAccess(otherAssociate, [ids['other']!])).size).toBe(0);
      await pii.reveal(otherAssociate, ids['other']!, 'customer asks at the counter');
      expect((await there.fullAccess(otherAssociate, [ids['other']!])).get(ids['other']!)).toBe(now + 5 * MIN);

      const before = (await auditRows('customer.view')).length;
      await Promise.all([pii.recordView(otherAssociate, ids['other']!, ids['other']!), there.recordView(otherAssociate, ids['other']!, ids['other']!)]);
      expect((await auditRows('customer.view')).length - before).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('refuses a reveal by someone without customer.pii.reveal, and of an unknown customer', async () => {
    const noReveal: UserActor = { ...associate, permissions: ['customer.read'] };
    await expect(pii.reveal(noReveal, ids['jane']!, 'just curious')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(pii.reveal(associate, 'cus_nobody', 'just curious')).rejects.toMatchObject({ code: 'not_found' });
  });
});
