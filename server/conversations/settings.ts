import { DEFAULT_SLA_POLICY, type BusinessCalendar, type SlaPolicy } from '../../shared/sla.js';
import { computeDeadlines } from './sla-deadlines.js';
import type { ConversationsTable } from './tables.js';

/** How conversations group and which SLA applies (defaults below; the hub may pass its own). */
export interface ConversationSettings {
  /** A text/chat/call after a solved conversation reopens it within this time of its last activity; later, a new one starts. */
  quietPeriodMs: number;
  /** Items older than this when ingested are history (imports), not work: they open or join nothing. */
  openWindowMs: number;
  /** Solved conversations count as closed after this many days (a later message starts a new one). */
  closeAfterDays: number;
  policy: SlaPolicy;
  /** A queue's SLA policy (server/sla stores one per queue); default: `policy` for every queue. */
  policyFor(queueId: string | null): SlaPolicy;
  /** A queue's business-hours calendar; default: its policy's own (null = around the clock). */
  calendarFor(queueId: string | null): BusinessCalendar | null;
}

const HOUR = 3_600_000;

export function conversationSettings(over: Partial<ConversationSettings> = {}): ConversationSettings {
  const policy = over.policy ?? DEFAULT_SLA_POLICY;
  return {
    quietPeriodMs: 24 * HOUR,
    openWindowMs: 7 * 24 * HOUR,
    closeAfterDays: 4,
    policyFor: () => policy,
    calendarFor: () => policy.calendar,
    ...over,
    policy,
  };
}

/** The row with its deadlines recomputed from its facts (called on every change). */
export function withDeadlines(row: ConversationsTable, s: ConversationSettings): ConversationsTable {
  const policy = s.policyFor(row.queue_id);
  return { ...row, sla_policy_id: policy.id, ...computeDeadlines(row, policy, s.calendarFor(row.queue_id)) };
}

/** Closed by age: solved longer ago than closeAfterDays (the sweep writes `closed`; readers already treat it so). */
export function isEffectivelyClosed(row: Pick<ConversationsTable, 'status' | 'solved_at_us'>, nowUs: number, s: ConversationSettings): boolean {
  if (row.status === 'closed') return true;
  return row.status === 'solved' && row.solved_at_us !== null && nowUs - row.solved_at_us > s.closeAfterDays * 24 * HOUR * 1000;
}
