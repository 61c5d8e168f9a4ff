import { ConversationListQuerySchema, systemActor, type Channel, type Conversation } from '../../shared/index.js';
import type { ConversationService } from '../conversations/conversation-service.js';
import { HISTORY_MIX, type FloorQueue, type HistoryContact } from './floor-history.js';

/*
 * The seeded week as a contact centre would have left it (issue 13). The demo data set (seed.ts) is ingested
 * before the demo's queues and agents exist, so its recent contacts open conversations in no queue that nobody
 * ever answers: on the floor, hundreds waiting for days. Once the queues and agents are there, each of those
 * conversations is put in a queue; the ones that arrived in the last minutes stay waiting there, every older
 * one was worked by an agent of that queue and is solved, its contact leg (arrival, first response or a
 * plausible answer, handle time) written to the metrics in place of the leg that waited. Idempotent: only
 * open, unassigned conversations in no queue are touched, so a restarted hub finds nothing left to do.
 */

const actor = systemActor('demo');

/** Seeded contacts younger than this still wait in their queue (a live backlog of minutes, not days). */
export const STILL_WAITING_MS = 30 * 60_000;
const BULK = 200;

export interface SettleDeps {
  conversations: Pick<ConversationService, 'list' | 'bulk'>;
  metrics: { recordHistory(contacts: HistoryContact[]): Promise<void> };
  /** The demo queues, each with the agents who serve it. */
  queues: readonly (FloorQueue & { agentIds: readonly string[] })[];
}

export interface SettleOptions {
  now: Date;
  random: () => number;
  /** Only conversations created before this (default now): the live traffic's own are never touched. */
  createdBefore?: Date;
}

export interface SettlePlan {
  conversationId: string;
  queueId: string;
  /** Null: still waiting in the queue. */
  agentId: string | null;
  leg: HistoryContact | null;
}

/** What becomes of one seeded conversation (pure given the random source). */
export function settlePlan(conv: Pick<Conversation, 'id' | 'customerId' | 'channels' | 'createdAt' | 'firstResponseAt' | 'waitingSince'>, deps: Pick<SettleDeps, 'queues'>, o: SettleOptions): SettlePlan | null {
  const queue = weighted(deps.queues, o.random);
  if (!queue) return null;
  const nowMs = o.now.getTime();
  const channel: Channel = conv.channels[conv.channels.length - 1] ?? 'email';
  const arrivedMs = Date.parse(conv.createdAt);
  const waitingMs = Date.parse(conv.waitingSince ?? conv.createdAt);
  const mix = HISTORY_MIX.find((m) => m.channel === channel);
  // Calls wait in Twilio's queue, not as conversations: a missed call is simply called back (no leg of its own).
  const leg = (extra: Partial<HistoryContact>): HistoryContact | null =>
    channel === 'phone' ? null : { queueId: queue.id, channel, arrivedAt: new Date(arrivedMs).toISOString(), answeredAt: null, abandonedAt: null, handleSec: 0, customerId: conv.customerId, conversationId: conv.id, ...extra };
  if (nowMs - waitingMs < STILL_WAITING_MS) return { conversationId: conv.id, queueId: queue.id, agentId: null, leg: leg({ arrivedAt: new Date(Math.min(waitingMs, nowMs)).toISOString() }) };
  const agentId = queue.agentIds[Math.floor(o.random() * queue.agentIds.length)] ?? null;
  if (!agentId) return null;
  // An email is answered at its first response when it had one; a chat or text (whose first item is the bot's
  // greeting, not the customer's question) and anything unanswered after a wait typical of the channel; before now.
  const responded = conv.firstResponseAt && channel === 'email' ? Date.parse(conv.firstResponseAt) : Number.NaN;
  const typicalWaitMs = -Math.log(1 - o.random()) * (mix?.meanWaitSec ?? 120) * 1000;
  const answeredMs = Math.min(Number.isFinite(responded) && responded >= arrivedMs ? responded : arrivedMs + typicalWaitMs, nowMs - 60_000);
  const handleSec = Math.round(Math.min(30 + -Math.log(1 - o.random()) * (mix?.handleSec ?? 300), Math.max(30, (nowMs - answeredMs) / 1000)));
  return { conversationId: conv.id, queueId: queue.id, agentId, leg: leg({ answeredAt: new Date(Math.max(arrivedMs, answeredMs)).toISOString(), handleSec, agentId }) };
}

/** Settles every open, unassigned conversation in no queue created before `createdBefore`. */
export async function settleSeededConversations(deps: SettleDeps, o: SettleOptions): Promise<{ waiting: number; solved: number }> {
  const before = (o.createdBefore ?? o.now).toISOString();
  const seeded: Conversation[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.conversations.list(actor, ConversationListQuerySchema.parse({ view: 'unassigned', status: 'open', limit: 200, ...(cursor ? { before: cursor } : {}) }));
    seeded.push(...page.conversations.filter((c) => c.queueId === null && c.assigneeId === null && c.createdAt < before));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const plans = seeded.map((c) => settlePlan(c, deps, o)).filter((p): p is SettlePlan => p !== null);
  if (plans.length === 0) return { waiting: 0, solved: 0 };
  // Legs first: the conversation changes below then find no running leg to answer "now".
  await deps.metrics.recordHistory(plans.flatMap((p) => (p.leg ? [p.leg] : [])));
  const groups = new Map<string, SettlePlan[]>();
  for (const p of plans) groups.set(`${p.queueId}|${p.agentId ?? ''}`, [...(groups.get(`${p.queueId}|${p.agentId ?? ''}`) ?? []), p]);
  for (const group of groups.values()) {
    const { queueId, agentId } = group[0]!;
    for (let i = 0; i < group.length; i += BULK) {
      const ids = group.slice(i, i + BULK).map((p) => p.conversationId);
      await deps.conversations.bulk(actor, { ids, patch: agentId ? { queueId, assigneeId: agentId, status: 'solved' } : { queueId } });
    }
  }
  const waiting = plans.filter((p) => p.agentId === null).length;
  return { waiting, solved: plans.length - waiting };
}

function weighted<T extends { weight: number }>(list: readonly T[], random: () => number): T | undefined {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let r = random() * total;
  for (const x of list) {
    r -= x.weight;
    if (r < 0) return x;
  }
  return list[list.length - 1];
}
