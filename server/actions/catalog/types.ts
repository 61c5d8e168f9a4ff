import { moneyWords, type ActionExecute, type ActionKind, type ActionReason, type ConsentChannel, type Role } from '../../../shared/index.js';
import type { CustomerFeatures } from '../features.js';

/** What a kind's conditions found: how strong the evidence is (0..1), the title and the reasons. */
export interface Match {
  strength: number;
  title: string;
  reasons: ActionReason[];
  /** Extra facts the executor writes into the timeline event (amount, channel, store…). */
  details?: Record<string, unknown>;
}

/** One entry of the declarative catalog. The engine applies guardrails; `when` only states conditions. */
export interface ActionDefinition {
  kind: ActionKind;
  /** Bumped when the kind's conditions change, so feedback can be read per version. */
  version: number;
  /** Prior importance of the kind, 0..1. */
  baseWeight: number;
  /** Marketing: needs consent, is capped by recent marketing touches, and waits after a full-price purchase. */
  promotional: boolean;
  /** Promotional only: the channels it would reach the customer on; blocked when none of them has consent (default: email and SMS). */
  marketingChannels?: readonly ConsentChannel[];
  /** Roles that see (and may execute) the action. */
  roles: readonly Role[];
  /** Frequency cap: not suggested again within this many ms after it was executed. */
  capMs: number;
  /** What executing creates in the timeline. */
  execute: ActionExecute;
  /** Conditions on the features; null when the action does not apply. */
  when(f: CustomerFeatures): Match | null;
}

/** A reason with at most 10 linked events (the newest ones matter most). */
export function reason(text: string, eventIds: readonly string[]): ActionReason {
  return { text, eventIds: [...new Set(eventIds)].slice(-10) };
}

export const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function ago(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MIN))} min ago`;
  if (ms < DAY) return `${Math.round(ms / HOUR)} h ago`;
  const days = Math.round(ms / DAY);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}

export function money(amount: number, currency: string): string {
  return moneyWords(amount, currency);
}

/** A sentiment score in words: agents read tone, not numbers. */
export function toneWord(score: number): string {
  if (score >= 0.5) return 'warm';
  if (score > 0.05) return 'positive';
  if (score >= -0.05) return 'neutral';
  if (score > -0.5) return 'somewhat negative';
  return 'negative';
}
