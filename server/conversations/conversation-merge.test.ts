import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { ownedRowsSnapshot } from '../merges/snapshot.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { convDb } from './tables.js';

/* Merges combine two customers' conversations on the survivor; the undo splits them back exactly. */

const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

describe.each(testDialects())('conversations through merge and undo on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });
  const sys = systemActor('test');
  const one = async (e: IngestEvent) => (await domain.ingest.ingest(sys, [e])).results[0]!;

  it('the survivor lists both sides, the undo gives each its own back (rows restored exactly)', async () => {
    const a = await one(testEvent({ email: 'ann@x.com', name: 'Ann Lee' }, { occurredAt: ago(60), data: { subject: 'Order late', messageId: '<a@m>' } }));
    const b = await one(testEvent({ phone: '4155550142', name: 'Annie Lee' }, { channel: 'sms', type: 'sms.inbound', occurredAt: ago(30), data: { body: 'hi' } }));
    await domain.conversations.update(sys, (await domain.conversations.list(sys, { view: 'all', status: undefined, limit: 50, customerId: b.customerId })).conversations[0]!.id, { priority: 'urgent', tags: ['vip'] });
    const before = await ownedRowsSnapshot(domain.database.db, dialect);
    expect(before['conversations']).toHaveLength(2);

    const heard: string[][] = [];
    domain.events.subscribe('test-conversations', { 'conversation.updated': ({ conversations }) => void heard.push(conversations.map((c) => c.customerId)) });
    const merge = await domain.merges.merge(sys, a.customerId, b.customerId);
    const survivor = merge.intoId;
    await domain.events.idle();
    expect(heard.at(-1)).toEqual([survivor, survivor]); // the inboxes hear the new owner
    const merged = await domain.conversations.list(sys, { view: 'all', status: undefined, limit: 50, customerId: merge.fromId });
    expect(merged.conversations.map((c) => c.customerId)).toEqual([survivor, survivor]);
    expect(merged.conversations.map((c) => c.priority).sort()).toEqual(['normal', 'urgent']);

    await domain.merges.undo(sys, merge.id);
    expect(await ownedRowsSnapshot(domain.database.db, dialect)).toEqual(before);
    const links = await convDb(domain.database.db).selectFrom('conversation_items as ci').innerJoin('conversations as c', 'c.id', 'ci.conversation_id').innerJoin('events as e', 'e.id', 'ci.event_id').select(['c.customer_id as conv', 'e.customer_id as item']).execute();
    expect(links).toHaveLength(2);
    for (const l of links) expect(l.conv).toBe(l.item);
  });
});
