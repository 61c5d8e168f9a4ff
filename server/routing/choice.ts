import { AGENT_CAPACITY_UNITS, DEFAULT_CHANNEL_UNITS, type Channel } from '../../shared/index.js';

/*
 * The routing decision, pure: who gets which waiting conversation. The database reads (reads.ts) feed it
 * and the conditional writes (offers.ts) make it stick; nothing here touches storage, so every rule
 * (priority, age, capacity, relationship first, declines) is unit-tested on plain values.
 */

/** An online agent as routing sees them at one moment. */
export interface AgentLoad {
  userId: string;
  /** Team ids (queues) the agent serves. */
  queues: ReadonlySet<string>;
  /** May take conversations that have no queue (by role). */
  takesUnqueued: boolean;
  /** Units of the open conversations assigned to them now. */
  usedUnits: number;
  capacity: number;
  /** Their latest offer (µs; 0 = never): among equally loaded agents, the one waiting longest goes first. */
  lastOfferedUs: number;
}

/** A conversation in the waiting line. */
export interface Waiting {
  id: string;
  customerId: string;
  queueId: string | null;
  channel: Channel;
  /** 0 urgent .. 3 low. */
  priorityRank: number;
  /** Waiting since (the oldest unanswered customer message, else created), µs. */
  waitingSinceUs: number;
}

export interface ChoiceContext {
  /** Units this conversation takes in its queue. */
  unitsOf(w: Waiting): number;
  /** The agent declined this conversation, or let an offer of it expire: never offered to them again. */
  declined(conversationId: string, userId: string): boolean;
  /** Who last served this customer within the relationship window (any channel), if anyone. */
  lastServedBy(customerId: string): string | null;
}

/** Units of a conversation on its current channel (the latest it joined), per queue overrides. */
export function unitsFor(channel: Channel, overrides: Partial<Record<Channel, number>> | undefined): number {
  return overrides?.[channel] ?? DEFAULT_CHANNEL_UNITS[channel] ?? AGENT_CAPACITY_UNITS;
}

/** The fewest units any conversation in these scopes can take (per-queue overrides, else the defaults): less room than this is a full agent. */
export function smallestUnits(queues: ReadonlySet<string>, unqueued: boolean, units: ReadonlyMap<string, Partial<Record<Channel, number>>>): number {
  const channels = Object.keys(DEFAULT_CHANNEL_UNITS) as Channel[];
  const scopes = [...queues].map((q) => units.get(q)).concat(unqueued ? [undefined] : []);
  let min = Infinity;
  for (const overrides of scopes) for (const ch of channels) min = Math.min(min, unitsFor(ch, overrides));
  return min;
}

/** The waiting line's order: priority, then longest waiting, then id (stable). */
export function byWaitingOrder(a: Waiting, b: Waiting): number {
  return a.priorityRank - b.priorityRank || a.waitingSinceUs - b.waitingSinceUs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** May this agent take this conversation now: their queue, room in their capacity, never declined by them. */
export function eligible(agent: AgentLoad, w: Waiting, ctx: ChoiceContext): boolean {
  const serves = w.queueId === null ? agent.takesUnqueued : agent.queues.has(w.queueId);
  return serves && agent.usedUnits + ctx.unitsOf(w) <= agent.capacity && !ctx.declined(w.id, agent.userId);
}

/**
 * The agent to offer `w` to: the one who last served the customer if eligible (relationship first), else
 * the least loaded (share of capacity used), then the one whose last offer is oldest, then by id.
 */
export function chooseAgent(w: Waiting, agents: readonly AgentLoad[], ctx: ChoiceContext): AgentLoad | null {
  const candidates = agents.filter((a) => eligible(a, w, ctx));
  if (candidates.length === 0) return null;
  const known = ctx.lastServedBy(w.customerId);
  const returning = known === null ? undefined : candidates.find((a) => a.userId === known);
  if (returning) return returning;
  let best = candidates[0]!;
  for (const a of candidates) if (lessBusy(a, best)) best = a;
  return best;
}

function lessBusy(a: AgentLoad, b: AgentLoad): boolean {
  const ra = a.usedUnits / a.capacity;
  const rb = b.usedUnits / b.capacity;
  if (ra !== rb) return ra < rb;
  if (a.lastOfferedUs !== b.lastOfferedUs) return a.lastOfferedUs < b.lastOfferedUs;
  return a.userId < b.userId;
}

/** Pull: the first conversation of the line (already in waiting order) this agent may take. */
export function chooseConversation(agent: AgentLoad, line: readonly Waiting[], ctx: ChoiceContext): Waiting | null {
  return line.find((w) => eligible(agent, w, ctx)) ?? null;
}
