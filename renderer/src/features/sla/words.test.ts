import { describe, expect, it } from 'vitest';
import type { SlaAlert, SlaClock } from '../../../../shared/index.js';
import { isMine } from './use-sla-notifications.js';
import { alertWords, badgeOfClocks, badgeOfConversation, durationWords } from './words.js';

/* The SLA badge and notifications in words, on a fixed clock. */
const NOW = Date.parse('2026-03-31T08:30:00Z');
const at = (min: number) => new Date(NOW + min * 60_000).toISOString();

describe('SLA words', () => {
  it('durations in words, rounded down to the minute', () => {
    expect(durationWords(42 * 60_000 + 59_000)).toBe('42 min');
    expect(durationWords(125 * 60_000)).toBe('2 h 5 m');
    expect(durationWords(-(27 * 60 + 10) * 60_000)).toBe('1 d 3 h');
  });

  it('a conversation badge: on track, at risk within 15 min, breached with how long, paused while pending, none when solved', () => {
    expect(badgeOfConversation({ status: 'open', nextDueAt: at(42) }, NOW)).toMatchObject({ state: 'on_track', words: '42 min left' });
    expect(badgeOfConversation({ status: 'open', nextDueAt: at(15) }, NOW)).toMatchObject({ state: 'at_risk', words: '15 min left' });
    expect(badgeOfConversation({ status: 'open', nextDueAt: at(-70) }, NOW)).toMatchObject({ state: 'breached', words: '1 h 10 m overdue' });
    expect(badgeOfConversation({ status: 'pending', nextDueAt: null }, NOW)).toMatchObject({ state: 'paused', words: 'paused while pending' });
    expect(badgeOfConversation({ status: 'solved', nextDueAt: null }, NOW).state).toBe('none');
  });

  it('a clocks badge shows the worst running clock with the hub’s own words', () => {
    const clocks: SlaClock[] = [
      { kind: 'resolution', dueAt: at(300), state: 'on_track', explanation: 'due in 5 h (business hours)' },
      { kind: 'first_response', dueAt: at(10), state: 'at_risk', explanation: 'due in 10 min (business hours; paused 2 h while pending; skipped 30 Mar holiday)' },
    ];
    expect(badgeOfClocks(clocks)).toEqual({ state: 'at_risk', words: 'due in 10 min', title: 'first response: due in 10 min (business hours; paused 2 h while pending; skipped 30 Mar holiday)' });
    expect(badgeOfClocks([{ kind: 'first_response', dueAt: null, state: 'met', explanation: 'met' }]).state).toBe('none');
  });

  it('notifications name the customer and the clock; only the assignee’s or unassigned work notifies', () => {
    const alert: SlaAlert = { conversationId: 'c1', customerId: 'k1', customerName: 'Maya Lopez', subject: 'Late parcel', queueId: 'q1', assigneeId: 'u1', kind: 'first_response', level: 'breached', dueAt: at(0) };
    expect(alertWords(alert)).toEqual({ title: 'SLA breached: first response overdue', body: 'Maya Lopez: Late parcel' });
    expect(alertWords({ ...alert, level: 'warning', customerName: null })).toEqual({ title: 'SLA at risk: first response due in 15 min', body: 'A customer: Late parcel' });
    expect(isMine(alert, 'u1')).toBe(true);
    expect(isMine(alert, 'u2')).toBe(false);
    expect(isMine({ ...alert, assigneeId: null }, 'u2')).toBe(true);
  });
});
