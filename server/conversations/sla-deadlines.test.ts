import { describe, expect, it } from 'vitest';
import { BusinessCalendarSchema, DEFAULT_SLA_POLICY } from '../../shared/sla.js';
import { computeDeadlines, readClocks } from './sla-deadlines.js';
import { NO_DEADLINE_US, type ConversationsTable } from './tables.js';

/* Deadlines stored on a conversation under a queue's business hours; expected instants computed by hand. */

const us = (iso: string) => Date.parse(iso) * 1000;
const iso = (v: number | null) => (v === null ? null : new Date(v / 1000).toISOString());
const berlin = BusinessCalendarSchema.parse({
  timeZone: 'Europe/Berlin',
  week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])),
});
type Facts = Pick<ConversationsTable, 'status' | 'priority' | 'created_at_us' | 'first_response_at_us' | 'waiting_since_us' | 'solved_at_us' | 'pauses'>;
// High priority: first response 60 min, next response 120 min, resolution 480 min (business time).
const base: Facts = { status: 'open', priority: 'high', created_at_us: us('2026-01-09T15:30:00Z'), first_response_at_us: null, waiting_since_us: us('2026-01-09T15:30:00Z'), solved_at_us: null, pauses: '[]' };

describe('conversation deadlines', () => {
  it('first response and resolution carry over the weekend (Fri 16:30 CET)', () => {
    const d = computeDeadlines(base, DEFAULT_SLA_POLICY, berlin);
    expect(iso(d.first_response_due_us)).toBe('2026-01-12T08:30:00.000Z'); // 30 min Fri + 30 min Mon -> 09:30 CET
    expect(iso(d.resolution_due_us)).toBe('2026-01-12T15:30:00.000Z'); // 30 min Fri + 7 h 30 Mon -> 16:30 CET
    expect(d.next_response_due_us).toBeNull();
    expect(d.sla_due_us).toBe(d.first_response_due_us);
  });

  it('next response runs from the oldest unanswered message after the first response', () => {
    const d = computeDeadlines({ ...base, first_response_at_us: us('2026-01-12T08:10:00Z'), waiting_since_us: us('2026-01-12T09:00:00Z') }, DEFAULT_SLA_POLICY, berlin);
    expect(d.first_response_due_us).toBeNull();
    expect(iso(d.next_response_due_us)).toBe('2026-01-12T11:00:00.000Z'); // 10:00 CET + 2 h
  });

  it('pending holds every clock; solved stops them', () => {
    const pending = computeDeadlines({ ...base, status: 'pending', pauses: JSON.stringify([{ fromMs: Date.parse('2026-01-09T15:40:00Z'), toMs: null, reason: 'pending' }]) }, DEFAULT_SLA_POLICY, berlin);
    expect(pending).toEqual({ first_response_due_us: null, next_response_due_us: null, resolution_due_us: null, sla_due_us: NO_DEADLINE_US });
    const solved = computeDeadlines({ ...base, status: 'solved', solved_at_us: us('2026-01-09T15:45:00Z') }, DEFAULT_SLA_POLICY, berlin);
    expect(solved.sla_due_us).toBe(NO_DEADLINE_US);
  });

  it('reads the clocks with explanations (a closed pause moved the deadline)', () => {
    // Pending Mon 09:00-10:00 CET: first response due 30 min Fri + 30 min Mon after 10:00 -> 10:30 CET = 09:30Z.
    const facts = { ...base, pauses: JSON.stringify([{ fromMs: Date.parse('2026-01-12T08:00:00Z'), toMs: Date.parse('2026-01-12T09:00:00Z'), reason: 'pending' }]) };
    const d = computeDeadlines(facts, DEFAULT_SLA_POLICY, berlin);
    expect(iso(d.first_response_due_us)).toBe('2026-01-12T09:30:00.000Z');
    const [first] = readClocks({ ...facts, ...d }, DEFAULT_SLA_POLICY, berlin, Date.parse('2026-01-12T09:12:00Z'));
    expect(first).toEqual({ kind: 'first_response', dueAt: '2026-01-12T09:30:00.000Z', state: 'on_track', explanation: 'due in 18 min (business hours; paused 1 h while pending)' });
  });
});
