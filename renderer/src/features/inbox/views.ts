import type { Conversation, ConversationStatus, ConversationView, InboxCounts } from '../../../../shared/index.js';

/*
 * The inbox's views: Mine, Unassigned, one per queue the agent belongs to, Snoozed and Solved. Each is a
 * query of `GET /api/v1/conversations` and a predicate over a conversation, so a live `conversation:updated`
 * can put a row into, move it within, or take it out of every cached view without a refetch.
 */

export type InboxViewId = { kind: 'mine' } | { kind: 'unassigned' } | { kind: 'queue'; queueId: string } | { kind: 'snoozed' } | { kind: 'solved' };

export interface InboxQuery {
  view: ConversationView;
  queue?: string;
  status?: string;
}

const WORK: readonly ConversationStatus[] = ['open', 'pending'];

export function viewKey(v: InboxViewId): string {
  return v.kind === 'queue' ? `queue:${v.queueId}` : v.kind;
}

export function parseViewKey(key: string | undefined): InboxViewId {
  if (key?.startsWith('queue:') && key.length > 6) return { kind: 'queue', queueId: key.slice(6) };
  if (key === 'unassigned' || key === 'snoozed' || key === 'solved') return { kind: key };
  return { kind: 'mine' };
}

export function queryOf(v: InboxViewId): InboxQuery {
  switch (v.kind) {
    case 'mine':
      return { view: 'mine' };
    case 'unassigned':
      return { view: 'unassigned' };
    case 'queue':
      return { view: 'queue', queue: v.queueId };
    case 'snoozed':
      return { view: 'mine', status: 'snoozed' };
    case 'solved':
      return { view: 'mine', status: 'solved' };
  }
}

/** Does this conversation belong in the view (same rule as the hub's query)? */
export function belongsTo(c: Conversation, v: InboxViewId, userId: string | null): boolean {
  switch (v.kind) {
    case 'mine':
      return WORK.includes(c.status) && userId !== null && c.assigneeId === userId;
    case 'unassigned':
      return WORK.includes(c.status) && c.assigneeId === null;
    case 'queue':
      return WORK.includes(c.status) && c.queueId === v.queueId;
    case 'snoozed':
      return c.status === 'snoozed' && c.assigneeId === userId;
    case 'solved':
      return c.status === 'solved' && c.assigneeId === userId;
  }
}

const RANK = { urgent: 0, high: 1, normal: 2, low: 3 } as const;
const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

/** The hub's default order: nearest SLA deadline, then priority, then age, then id. */
export function compareConversations(a: Conversation, b: Conversation): number {
  const due = (c: Conversation) => (c.nextDueAt ? Date.parse(c.nextDueAt) : NO_DEADLINE);
  return due(a) - due(b) || RANK[a.priority] - RANK[b.priority] || Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The live count shown beside a view (Snoozed and Solved have none: they are not work waiting). */
export function countOf(v: InboxViewId, counts: InboxCounts | undefined): number | null {
  if (!counts) return null;
  if (v.kind === 'mine') return counts.mine;
  if (v.kind === 'unassigned') return counts.unassigned;
  if (v.kind === 'queue') return counts.queues[v.queueId] ?? 0;
  return null;
}
