import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestEvent } from '../../shared/index.js';
import type { MergeItem } from '../domain.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent, type EventRecorder } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { systemActor } from '../../shared/actor.js';

/** Appends the incoming status to the stored statuses (what the Twilio voice driver does). */
const appendStatus: MergeItem = (stored, incoming) => {
  const prev = (stored.data['statuses'] as string[] | undefined) ?? [];
  const status = incoming.data?.['status'] as string;
  if (prev.includes(status)) return null;
  return { type: `call.${status}`, data: { ...stored.data, status, statuses: [...prev, status] } };
};

describe.each(testDialects())('upsert ingest on %s', (dialect) => {
  let domain: SqlDomain;
  let fanOut: EventRecorder;
  beforeEach(async () => {
    ({ domain, fanOut } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  const call = (status: string): IngestEvent =>
    testEvent({ phone: '+14155550142' }, { source: 'twilio', sourceEventId: 'CA1', channel: 'phone', type: `call.${status}`, data: { status, statuses: [status] } });
  const rows = async () => domain.database.db.selectFrom('events').selectAll().execute();

  it('keeps ONE row per source event and re-stamps it with a new seq on each change', async () => {
    const first = await domain.ingest.ingest(systemActor('test'), [call('ringing')], { merge: appendStatus });
    expect(first.results[0]!.status).toBe('created');
    const id = first.results[0]!.eventId;
    const seq1 = first.created[0]!.seq;
    await fanOut.clear();

    const second = await domain.ingest.ingest(systemActor('test'), [call('in-progress')], { merge: appendStatus });
    expect(second.results[0]).toMatchObject({ status: 'duplicate', eventId: id });
    expect(second.updated).toHaveLength(1);
    expect(second.updated![0]).toMatchObject({ id, type: 'call.in-progress', data: { statuses: ['ringing', 'in-progress'] } });
    expect(second.updated![0]!.seq).toBeGreaterThan(seq1);
    expect(fanOut.calls.filter((c) => c.kind === 'item').map((c) => (c as { item: { id: string } }).item.id)).toEqual([id]);

    // A retry of the same status changes nothing: no re-stamp, no fan-out.
    await fanOut.clear();
    const retry = await domain.ingest.ingest(systemActor('test'), [call('in-progress')], { merge: appendStatus });
    expect(retry.updated).toEqual([]);
    expect(fanOut.calls.filter((c) => c.kind === 'item')).toEqual([]);

    const all = await rows();
    expect(all).toHaveLength(1);
    expect(JSON.parse(all[0]!.data).statuses).toEqual(['ringing', 'in-progress']);
    // Replay after reconnect sees the item again (seq > the old one).
    const replay = await domain.customers.itemsSince(systemActor('test'), first.results[0]!.customerId, seq1, 10);
    expect(replay.map((i) => i.id)).toEqual([id]);
    // The customer still counts one event.
    expect((await domain.customers.summary(systemActor('test'), first.results[0]!.customerId))!.eventCount).toBe(1);
  });

  it('merges repeats inside one batch into the created item (one fan-out)', async () => {
    const out = await domain.ingest.ingest(systemActor('test'), [call('ringing'), call('completed')], { merge: appendStatus });
    expect(out.created).toHaveLength(1);
    expect(out.created[0]!.data['statuses']).toEqual(['ringing', 'completed']);
    expect(out.updated).toEqual([]);
    expect(await rows()).toHaveLength(1);
  });

  it('without merge, a repeat stays a plain duplicate', async () => {
    await domain.ingest.ingest(systemActor('test'), [call('ringing')]);
    const again = await domain.ingest.ingest(systemActor('test'), [call('completed')]);
    expect(again.results[0]!.status).toBe('duplicate');
    expect(again.updated).toBeUndefined();
    expect(JSON.parse((await rows())[0]!.data).statuses).toEqual(['ringing']);
  });

  it('makes an order number that arrives later searchable', async () => {
    const merge: MergeItem = (stored, incoming) => ({ data: { ...stored.data, ...incoming.data } });
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'o@x.com' }, { source: 's', sourceEventId: 'o1', channel: 'purchase', type: 'order', data: {} })], { merge });
    await domain.ingest.ingest(systemActor('test'), [testEvent({ email: 'o@x.com' }, { source: 's', sourceEventId: 'o1', channel: 'purchase', type: 'order', data: { orderNumber: '#7788' } })], { merge });
    const hits = await domain.customers.search(systemActor('test'), '7788', 5);
    expect(hits.map((h) => h.emails[0])).toEqual(['o@x.com']);
  });
});
