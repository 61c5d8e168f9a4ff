import type { Conversation, SlaAlert, SlaClock } from '../../../../shared/index.js';

/*
 * The SLA in the console's words (pure, tested): the badge state of a conversation or its clocks, time left
 * in words ("42 min left", "2 h 5 m overdue"), and what a desktop notification says.
 */

export type BadgeState = 'on_track' | 'at_risk' | 'breached' | 'paused' | 'none';
export const AT_RISK_MS = 15 * 60_000;

export const BADGE_LABEL: Record<BadgeState, string> = { on_track: 'On track', at_risk: 'At risk', breached: 'Breached', paused: 'Paused', none: 'No target' };
export const CLOCK_KIND_WORDS: Record<SlaClock['kind'], string> = { first_response: 'first response', next_response: 'next response', resolution: 'resolution' };

/** "42 min", "2 h 5 m", "3 d 4 h" (rounded down to the minute). */
export function durationWords(ms: number): string {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  if (total < 60) return `${total} min`;
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  return m > 0 ? `${h} h ${m} m` : `${h} h`;
}

export interface Badge {
  state: BadgeState;
  /** "42 min left", "10 min overdue", "paused while pending", "" when none. */
  words: string;
  /** The longer sentence for a tooltip / screen reader. */
  title: string;
}

/** From the inbox row: the nearest deadline (wall-clock; the hub's clocks read business time). */
export function badgeOfConversation(c: Pick<Conversation, 'status' | 'nextDueAt'>, nowMs: number): Badge {
  if (c.status === 'pending' || c.status === 'snoozed') return { state: 'paused', words: `paused while ${c.status}`, title: `SLA paused while ${c.status}` };
  if (!c.nextDueAt || c.status === 'solved' || c.status === 'closed') return { state: 'none', words: '', title: 'No SLA target running' };
  const left = Date.parse(c.nextDueAt) - nowMs;
  if (left < 0) return { state: 'breached', words: `${durationWords(left)} overdue`, title: `SLA breached ${durationWords(left)} ago` };
  const state = left <= AT_RISK_MS ? 'at_risk' : 'on_track';
  return { state, words: `${durationWords(left)} left`, title: `Next SLA deadline in ${durationWords(left)}` };
}

const RANK: Record<SlaClock['state'], number> = { breached: 0, at_risk: 1, on_track: 2, paused: 3, met: 4 };

/** From the hub's clocks (business time, explained): the worst running clock. */
export function badgeOfClocks(clocks: readonly SlaClock[]): Badge {
  const running = clocks.filter((c) => c.state !== 'met').sort((a, b) => RANK[a.state] - RANK[b.state]);
  const worst = running[0];
  if (!worst) return { state: 'none', words: '', title: 'No SLA target running' };
  const state = worst.state === 'met' ? 'none' : worst.state;
  // The hub's explanation starts with the time: "due in 42 min (…)", "overdue by 5 min (…)".
  const head = worst.explanation.split(' (')[0] ?? '';
  return { state, words: head, title: `${CLOCK_KIND_WORDS[worst.kind]}: ${worst.explanation}` };
}

/** Title and body of the desktop notification for an SLA notice. */
export function alertWords(a: SlaAlert): { title: string; body: string } {
  const who = a.customerName ?? 'A customer';
  const what = CLOCK_KIND_WORDS[a.kind];
  const title = a.level === 'warning' ? `SLA at risk: ${what} due in 15 min` : `SLA breached: ${what} overdue`;
  return { title, body: `${who}: ${a.subject}` };
}
