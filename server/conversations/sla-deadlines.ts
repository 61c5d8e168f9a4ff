import type { BusinessCalendar, Priority, SlaClock, SlaPolicy } from '../../shared/sla.js';
import { businessDeadline, type Pause } from '../sla/business-time.js';
import { readClock } from '../sla/explain.js';
import { NO_DEADLINE_US, type ConversationsTable } from './tables.js';

/*
 * The SLA clocks of one conversation, recomputed from its stored facts on every change (Zammad-style:
 * deadlines live on the row, so the inbox sorts on them and a sweep reads them without recomputing):
 * - first response: from the first customer message until our first response;
 * - next response: from the oldest unanswered customer message after that, until we answer;
 * - resolution: from creation until solved.
 * Pending and snoozed pause all three (the stored pauses); while paused no deadline is known.
 */

type ClockFacts = Pick<ConversationsTable, 'status' | 'priority' | 'created_at_us' | 'first_response_at_us' | 'waiting_since_us' | 'solved_at_us' | 'pauses'>;
export type Deadlines = Pick<ConversationsTable, 'first_response_due_us' | 'next_response_due_us' | 'resolution_due_us' | 'sla_due_us'>;

const MS = 1000;
const MIN_MS = 60_000;

export function parsePauses(json: string): Pause[] {
  const list = JSON.parse(json) as unknown;
  return Array.isArray(list) ? (list as Pause[]) : [];
}

interface Running {
  kind: SlaClock['kind'];
  startMs: number;
  budgetMs: number;
}

/** The clocks that still run (not met, not finished). */
function runningClocks(c: ClockFacts, policy: SlaPolicy): Running[] {
  const targets = policy.byPriority[c.priority as Priority] ?? policy.byPriority.normal;
  const done = c.status === 'solved' || c.status === 'closed';
  const out: Running[] = [];
  if (done) return out;
  if (c.waiting_since_us !== null && targets.firstResponseMin !== null && c.first_response_at_us === null) {
    out.push({ kind: 'first_response', startMs: Math.floor(c.waiting_since_us / MS), budgetMs: targets.firstResponseMin * MIN_MS });
  }
  if (c.waiting_since_us !== null && targets.nextResponseMin !== null && c.first_response_at_us !== null) {
    out.push({ kind: 'next_response', startMs: Math.floor(c.waiting_since_us / MS), budgetMs: targets.nextResponseMin * MIN_MS });
  }
  if (targets.resolutionMin !== null) out.push({ kind: 'resolution', startMs: Math.floor(c.created_at_us / MS), budgetMs: targets.resolutionMin * MIN_MS });
  return out;
}

export function computeDeadlines(c: ClockFacts, policy: SlaPolicy, cal: BusinessCalendar | null): Deadlines {
  const pauses = parsePauses(c.pauses);
  const due: Record<SlaClock['kind'], number | null> = { first_response: null, next_response: null, resolution: null };
  for (const clock of runningClocks(c, policy)) {
    const r = businessDeadline(cal, clock.startMs, clock.budgetMs, pauses);
    due[clock.kind] = r.deadlineMs === null ? null : r.deadlineMs * MS;
  }
  const all = Object.values(due).filter((d): d is number => d !== null);
  return {
    first_response_due_us: due.first_response,
    next_response_due_us: due.next_response,
    resolution_due_us: due.resolution,
    sla_due_us: all.length > 0 ? Math.min(...all) : NO_DEADLINE_US,
  };
}

/** The clocks as the console shows them, read at `nowMs`, each explaining itself. */
export function readClocks(c: ClockFacts & Deadlines, policy: SlaPolicy, cal: BusinessCalendar | null, nowMs: number): SlaClock[] {
  const pauses = parsePauses(c.pauses);
  const dueOf = { first_response: c.first_response_due_us, next_response: c.next_response_due_us, resolution: c.resolution_due_us };
  return runningClocks(c, policy).map((clock) => {
    const reading = readClock({ cal, startMs: clock.startMs, budgetMs: clock.budgetMs, nowMs, pauses });
    const due = dueOf[clock.kind];
    return { kind: clock.kind, dueAt: due === null ? null : new Date(due / MS).toISOString(), state: reading.state, explanation: reading.explanation };
  });
}
