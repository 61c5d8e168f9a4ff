import type { Conversation, ConversationStatus } from '../../../../shared/index.js';
import type { Priority } from '../../../../shared/sla.js';

/* Words for what the inbox shows: never a raw status, timestamp or id. */

export const STATUS_LABEL: Record<ConversationStatus, string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', solved: 'Solved', closed: 'Closed' };
export const PRIORITY_LABEL: Record<Priority, string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

/** `42 min`, `3 h 5 min`, `2 days`. */
export function durationWords(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return 'less than a minute';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 24) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return d === 1 ? '1 day' : `${d} days`;
}

/** "waiting 12 min" / "nobody waiting" (the oldest unanswered customer message). */
export function waitingWords(c: Pick<Conversation, 'waitingSince'>, now: number): string {
  if (!c.waitingSince) return 'nobody waiting';
  return `waiting ${durationWords(now - Date.parse(c.waitingSince))}`;
}

/** Snooze choices: in an hour, tomorrow at 9:00, next Monday at 9:00 (local time). */
export function snoozeChoices(now: Date): { key: string; label: string; until: Date }[] {
  const hour = new Date(now.getTime() + 60 * 60_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const nextWeek = new Date(now);
  nextWeek.setDate(now.getDate() + (((8 - now.getDay()) % 7) || 7));
  nextWeek.setHours(9, 0, 0, 0);
  return [
    { key: '1', label: 'For 1 hour', until: hour },
    { key: '2', label: 'Until tomorrow 9:00', until: tomorrow },
    { key: '3', label: 'Until next week (Monday 9:00)', until: nextWeek },
  ];
}
