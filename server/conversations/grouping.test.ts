import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, userActor, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { convDb } from './tables.js';

/*
 * Grouping through the real ingest path (write hook, same transaction) on each backend: email threads,
 * texts continued / reopened / restarted after the quiet period, missed calls, history left alone,
 * re-delivery idempotent, and an item never committed without its conversation.
 */

const MIN = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe.each(testDialects())('conversation grouping on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });
  const sys = systemActor('test');
  const ingest = async (...events: IngestEvent[]) => (await domain.ingest.ingest(sys, events)).results;
  const db = () => convDb(domain.database.db);
  const linkOf = async (eventId: string) => (await db().selectFrom('conversation_items').select('conversation_id').where('event_id', '=', eventId).executeTakeFirst())?.conversation_id ?? null;
  const row = async (id: string) => db().selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const lead = async () => userActor(await domain.auth.createUser({ email: `lead${Math.random()}@x.com`, name: 'Lead', role: 'lead', password: 'lead-password-1' }));
  const email = (who: string, data: Record<string, unknown>, over: Partial<IngestEvent> = {}) =>
    testEvent({ email: who }, { channel: 'email', type: 'email.received', occurredAt: ago(30 * MIN), data: { direction: 'inbound', ...data }, ...over });
  const sms = (phone: string, minutesAgo: number, type = 'sms.inbound') => testEvent({ phone }, { channel: 'sms', type, occurredAt: ago(minutesAgo * MIN), data: { body: 'hello' } });

  it('threads email by Message-ID, In-Reply-To and References; an outbound reply is the first response', async () => {
    const [first] = await ingest(email('ann@x.com', { subject: 'Where is my order?', messageId: '<a1@mail>', threadId: '<a1@mail>' }));
    const conv = await linkOf(first!.eventId);
    expect(conv).not.toBeNull();
    const opened = await row(conv!);
    expect(opened).toMatchObject({ status: 'open', subject: 'Where is my order?', item_count: 1, first_response_at_us: null });
    expect(opened.waiting_since_us).not.toBeNull();
    expect(opened.first_response_due_us).toBe(opened.waiting_since_us! + 4 * 60 * MIN * 1000); // normal: 4 h, around the clock
    // Outlook-style reply: In-Reply-To only, no References, no thread id.
    const [reply] = await ingest(email('ann@x.com', { subject: 'RE: Where is my order?', messageId: '<a2@mail>', inReplyTo: '<A1@MAIL>' }, { occurredAt: ago(20 * MIN) }));
    expect(await linkOf(reply!.eventId)).toBe(conv);
    // A reply to the reply, by References only.
    const [third] = await ingest(email('ann@x.com', { subject: 'again', messageId: '<a3@mail>', references: ['<a2@mail>'] }, { occurredAt: ago(15 * MIN) }));
    expect(await linkOf(third!.eventId)).toBe(conv);
    // A new subject without thread headers is a new conversation.
    const [other] = await ingest(email('ann@x.com', { subject: 'Return label', messageId: '<b1@mail>' }, { occurredAt: ago(14 * MIN) }));
    expect(await linkOf(other!.eventId)).not.toBe(conv);
    // Our reply in the thread answers it.
    const [sent] = await ingest(email('ann@x.com', { subject: 'RE', messageId: '<r1@us>', inReplyTo: '<a3@mail>', direction: 'outbound' }, { type: 'email.sent', occurredAt: ago(10 * MIN) }));
    expect(await linkOf(sent!.eventId)).toBe(conv);
    const answered = await row(conv!);
    expect(answered).toMatchObject({ item_count: 4, waiting_since_us: null, first_response_due_us: null });
    expect(answered.first_response_at_us).not.toBeNull();
  });

  it('continues texts while open, reopens a solved one, starts over after the quiet period', async () => {
    const [a] = await ingest(sms('4155550101', 120));
    const conv = (await linkOf(a!.eventId))!;
    const [b] = await ingest(sms('4155550101', 100));
    expect(await linkOf(b!.eventId)).toBe(conv);
    await domain.conversations.update(await lead(), conv, { status: 'solved' });
    const [c] = await ingest(sms('4155550101', 90)); // within 24 h of the last activity: reopens
    expect(await linkOf(c!.eventId)).toBe(conv);
    expect((await row(conv)).status).toBe('open');

    const [old] = await ingest(sms('4155550199', 3 * 24 * 60));
    const oldConv = (await linkOf(old!.eventId))!;
    await domain.conversations.update(await lead(), oldConv, { status: 'solved' });
    const [late] = await ingest(sms('4155550199', 5)); // three days later: a new exchange
    const lateConv = await linkOf(late!.eventId);
    expect(lateConv).not.toBeNull();
    expect(lateConv).not.toBe(oldConv);
    expect((await row(oldConv)).status).toBe('solved');
  });

  it('opens for a missed call (also when a status callback turns a ringing call into a missed one), not for an answered one', async () => {
    const call = (sid: string, status: string, outcome?: string) =>
      testEvent({ phone: '4155550123' }, { source: 'twilio', sourceEventId: sid, channel: 'phone', type: 'call.inbound', occurredAt: ago(5 * MIN), data: { direction: 'inbound', status, ...(outcome ? { outcome } : {}) } });
    const [answered] = await ingest(call('CA1', 'in-progress', 'answered'));
    expect(await linkOf(answered!.eventId)).toBeNull();
    const [ringing] = await domain.ingest.ingest(sys, [call('CA2', 'ringing')], { merge: (stored, incoming) => ({ type: stored.type, summary: incoming.summary ?? stored.summary, data: { ...stored.data, ...incoming.data } }) }).then((o) => o.results);
    expect(await linkOf(ringing!.eventId)).toBeNull();
    await domain.ingest.ingest(sys, [call('CA2', 'no-answer', 'missed')], { merge: (stored, incoming) => ({ type: stored.type, summary: incoming.summary ?? stored.summary, data: { ...stored.data, ...incoming.data } }) });
    const conv = await linkOf(ringing!.eventId);
    expect(conv).not.toBeNull();
    expect(await row(conv!)).toMatchObject({ subject: 'Missed call', channels: '["phone"]' });
  });

  it('leaves history (imports) and non-conversational items alone; re-delivery links nothing twice', async () => {
    const [old] = await ingest(email('old@x.com', { subject: 'old', messageId: '<o@m>' }, { occurredAt: ago(30 * 24 * 60 * MIN) }));
    expect(await linkOf(old!.eventId)).toBeNull();
    const [order] = await ingest(testEvent({ email: 'old@x.com' }, { channel: 'purchase', type: 'order.placed', occurredAt: ago(MIN), data: { orderNumber: 'A1' } }));
    expect(await linkOf(order!.eventId)).toBeNull();
    const e = email('again@x.com', { subject: 'hi', messageId: '<g@m>' });
    const [first] = await ingest(e);
    const [dup] = await ingest(e);
    expect(dup!.status).toBe('duplicate');
    const conv = (await linkOf(first!.eventId))!;
    expect((await row(conv)).item_count).toBe(1);
    expect(await db().selectFrom('conversation_items').select('event_id').where('conversation_id', '=', conv).execute()).toHaveLength(1);
  });

  it('groups stored items that were never grouped (re-runnable: a second run changes nothing)', async () => {
    const [a] = await ingest(email('pre@x.com', { subject: 'Before conversations', messageId: '<p1@m>' }));
    const [b] = await ingest(email('pre@x.com', { subject: 'Re: Before conversations', messageId: '<p2@m>', inReplyTo: '<p1@m>' }, { occurredAt: ago(20 * MIN) }));
    // As a database from before migration 0021 would be: items without conversations.
    await db().deleteFrom('conversation_items').execute();
    await db().deleteFrom('conversation_keys').execute();
    await db().deleteFrom('conversations').execute();
    await domain.conversations.groupStored(1);
    const conv = await linkOf(a!.eventId);
    expect(conv).not.toBeNull();
    expect(await linkOf(b!.eventId)).toBe(conv);
    const snapshot = await db().selectFrom('conversations').selectAll().execute();
    await domain.conversations.groupStored();
    expect(await db().selectFrom('conversations').selectAll().execute()).toEqual(snapshot);
    expect(snapshot).toHaveLength(1);
    expect(snapshot[0]).toMatchObject({ item_count: 2, subject: 'Before conversations' });
  });

  it('groups in the ingest transaction: when grouping fails, the item is not stored either', async () => {
    domain.ingest.addWriteHook(async () => {
      throw new Error('grouping crashed');
    });
    await expect(ingest(email('crash@x.com', { subject: 'lost?', messageId: '<c@m>' }))).rejects.toThrow('grouping crashed');
    const stored = await domain.database.db.selectFrom('events').select('id').where('source_event_id', 'like', 'e%').execute();
    const ungrouped = await db()
      .selectFrom('events')
      .leftJoin('conversation_items as ci', 'ci.event_id', 'events.id')
      .select('events.id')
      .where('events.channel', '=', 'email')
      .where('ci.event_id', 'is', null)
      .execute();
    expect(stored.length).toBe(0);
    expect(ungrouped).toEqual([]);
  });
});
