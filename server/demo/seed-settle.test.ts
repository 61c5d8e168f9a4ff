import { describe, expect, it } from 'vitest';
import { ConversationListQuerySchema, systemActor, type Conversation } from '../../shared/index.js';
import { testDomainPerFile, uniqueWho, makeEvent } from '../http/test-support.js';
import { seededRandom } from './floor-history.js';
import { settlePlan, settleSeededConversations, STILL_WAITING_MS } from './seed-settle.js';

/*
 * The seeded week settled (server/demo/seed-settle.ts) on a real domain (SQLite, or PostgreSQL with
 * DATABASE_URL): conversations the seed opened in no queue end up in the demo queues, the old ones solved by
 * a queue's agent with a leg answered in the past, the recent ones waiting minutes; the floor shows no
 * "No queue" row and no wait of days.
 */
const file = testDomainPerFile();
const actor = systemActor('test');

const HOUR = 3_600_000;

describe('settling the seeded conversations', () => {
  it('plans: a recent contact waits in its queue, an old one is answered before now by an agent of the queue', () => {
    const now = new Date('2026-11-26T15:00:00Z');
    const queues = [{ id: 'q1', weight: 1, agentIds: ['u1', 'u2'] }];
    const base = { customerId: 'c1', channels: ['sms' as const], firstResponseAt: null, waitingSince: null };
    const recent = settlePlan({ ...base, id: 'v1', createdAt: new Date(now.getTime() - STILL_WAITING_MS / 3).toISOString() }, { queues }, { now, random: seededRandom(1) });
    expect(recent).toMatchObject({ queueId: 'q1', agentId: null, leg: { queueId: 'q1', answeredAt: null, abandonedAt: null, conversationId: 'v1' } });
    const old = settlePlan({ ...base, id: 'v2', createdAt: new Date(now.getTime() - 3 * 24 * HOUR).toISOString() }, { queues }, { now, random: seededRandom(2) })!;
    expect(['u1', 'u2']).toContain(old.agentId);
    const answered = Date.parse(old.leg!.answeredAt!);
    expect(answered).toBeGreaterThanOrEqual(Date.parse(old.leg!.arrivedAt));
    expect(answered).toBeLessThan(now.getTime());
    expect(old.leg!.handleSec).toBeGreaterThanOrEqual(30);
    // A missed call is called back: solved, but its wait was Twilio's (no conversation leg).
    const call = settlePlan({ ...base, channels: ['phone'], id: 'v3', createdAt: new Date(now.getTime() - 2 * HOUR).toISOString() }, { queues }, { now, random: seededRandom(3) });
    expect(call).toMatchObject({ agentId: expect.any(String), leg: null });
  });

  it('puts every seeded conversation in a queue: old ones solved, recent ones waiting minutes, no "No queue" row', async () => {
    const queue = await file.domain.teams.create(actor, { name: 'Settle returns' });
    const agent = await file.domain.auth.createUser({ email: 'settle.agent@test.local', name: 'Settle Agent', role: 'agent', password: 'agent-password-123' });
    await file.domain.teams.addMember(actor, queue.id, agent.id);
    const now = Date.now();
    const old = uniqueWho('settle-old');
    const recent = uniqueWho('settle-recent');
    await file.domain.ingest.ingest(actor, [
      makeEvent(old, { channel: 'email', type: 'email.received', occurredAt: new Date(now - 2 * 24 * HOUR).toISOString(), data: { direction: 'inbound', subject: 'Where is my order?', from: old.email, to: ['support@shop.example'], text: 'Hi' } }),
      makeEvent(recent, { channel: 'email', type: 'email.received', occurredAt: new Date(now - 5 * 60_000).toISOString(), data: { direction: 'inbound', subject: 'Return label?', from: recent.email, to: ['support@shop.example'], text: 'Hi' } }),
    ]);
    await file.domain.events.idle();
    const unqueued = async () => (await file.domain.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'all', status: 'open,solved', limit: 200 }))).conversations.filter((c) => c.subject === 'Where is my order?' || c.subject === 'Return label?');
    expect((await unqueued()).every((c) => c.queueId === null)).toBe(true);

    const done = await settleSeededConversations(
      { conversations: file.domain.conversations, metrics: file.domain.metrics, queues: [{ id: queue.id, weight: 1, agentIds: [agent.id] }] },
      { now: new Date(), random: seededRandom(5) },
    );
    await file.domain.events.idle();
    expect(done).toEqual({ waiting: 1, solved: 1 });
    const settled = new Map<string, Conversation>((await unqueued()).map((c) => [c.subject, c]));
    expect(settled.get('Where is my order?')).toMatchObject({ queueId: queue.id, assigneeId: agent.id, status: 'solved' });
    expect(settled.get('Return label?')).toMatchObject({ queueId: queue.id, assigneeId: null, status: 'open' });

    // The old one's leg was replaced, not answered "now" after days: one leg, in the queue, answered within hours.
    const legs = await file.domain.database.db.selectFrom('metrics_contacts' as never).select(['queue_id', 'outcome', 'arrived_us', 'answered_us'] as never).where('conversation_id' as never, '=', settled.get('Where is my order?')!.id as never).execute();
    expect(legs).toHaveLength(1);
    const leg = legs[0] as { queue_id: string; outcome: string; arrived_us: number | string; answered_us: number | string };
    expect([leg.queue_id, leg.outcome]).toEqual([queue.id, 'answered']);
    expect(Number(leg.answered_us) - Number(leg.arrived_us)).toBeLessThan(24 * HOUR * 1000);
    const live = await file.domain.metrics.live({ window: 'today' });
    expect(live.rows.some((r) => r.queueId === null)).toBe(false);
    const email = live.rows.find((r) => r.queueId === queue.id && r.channel === 'email')!;
    expect(email.waiting).toBe(1);
    expect(now - Date.parse(email.oldestWaitingSince!)).toBeLessThan(STILL_WAITING_MS);
    // Idempotent: nothing is left in no queue, so a second run (a restarted hub) changes nothing.
    expect(await settleSeededConversations({ conversations: file.domain.conversations, metrics: file.domain.metrics, queues: [{ id: queue.id, weight: 1, agentIds: [agent.id] }] }, { now: new Date(), random: seededRandom(6) })).toEqual({ waiting: 0, solved: 0 });
  }, 60_000);
});
