import { CONSENT_CHANNELS, type ActionKind, type ConsentChannel, type RecommendedAction, type Role } from '../../shared/index.js';
import { CATALOG, type ActionDefinition } from './catalog/index.js';
import { DAY } from './catalog/types.js';
import type { CustomerFeatures } from './features.js';
import { fnv1a, sampleAcceptance, statsKey, type AcceptanceStats, type Rng } from './ranking.js';

/*
 * Features -> ranked actions: each catalog entry's conditions, then guardrails (role, consent,
 * frequency caps), then score = base weight × evidence strength × sampled acceptance.
 */

export const MAX_ACTIONS = 5;

export interface RankInput {
  customerId: string;
  features: CustomerFeatures;
  role: Role;
  stats: AcceptanceStats;
  /** Thompson sampling's randomness; seed it for a stable order (the service seeds per customer + feedback version). */
  rng: Rng;
  /** Action ids the agent dismissed, or snoozed and the snooze has not expired. */
  hidden?: ReadonlySet<string>;
  limit?: number;
  /** The catalog to use (tests pass a subset). */
  catalog?: readonly ActionDefinition[];
}

export interface RankedAction extends RecommendedAction {
  /** Extra facts for the executor. */
  details: Record<string, unknown>;
  segment: CustomerFeatures['segment'];
  baseWeight: number;
  strength: number;
  acceptance: number;
}

/** Why a matched action was not offered (for the eval and tests). */
export type Blocked = { kind: ActionKind; guardrail: 'role' | 'consent' | 'marketing_cap' | 'recent_full_price' | 'frequency_cap' | 'hidden' };

/**
 * `act.<kind>.<segment>.<customerId>.<evidence hash>`: stable while the evidence is unchanged,
 * new once new events change it (so a dismissed action can come back for a new reason).
 */
export function actionId(kind: ActionKind, segment: string, customerId: string, eventIds: readonly string[]): string {
  return `act.${kind}.${segment}.${customerId}.${fnv1a([...eventIds].sort().join(',')).toString(36)}`;
}

export function rankActions(input: RankInput): { actions: RankedAction[]; blocked: Blocked[] } {
  const { features: f, role, stats, rng, hidden, customerId } = input;
  const catalog = input.catalog ?? CATALOG;
  const blocked: Blocked[] = [];
  const recentFullPrice = f.lastPurchase !== null && !f.lastPurchase.discounted && f.nowMs - f.lastPurchase.atMs <= 7 * DAY;
  const out: RankedAction[] = [];
  for (const def of catalog) {
    const m = def.when(f);
    // Draw for every kind, matched or not, so one kind's evidence never shifts another's sample.
    const acceptance = sampleAcceptance(stats.get(statsKey(def.kind, f.segment)), rng);
    if (!m) continue;
    const guard = guardrail(def, f, role, recentFullPrice);
    if (guard) {
      blocked.push({ kind: def.kind, guardrail: guard });
      continue;
    }
    const id = actionId(def.kind, f.segment, customerId, m.reasons.flatMap((r) => r.eventIds));
    if (hidden?.has(id)) {
      blocked.push({ kind: def.kind, guardrail: 'hidden' });
      continue;
    }
    const score = def.baseWeight * m.strength * acceptance;
    out.push({
      id,
      kind: def.kind,
      title: m.title,
      score: Math.round(score * 1e4) / 1e4,
      reasons: m.reasons,
      execute: def.execute,
      details: m.details ?? {},
      segment: f.segment,
      baseWeight: def.baseWeight,
      strength: m.strength,
      acceptance,
    });
  }
  out.sort((a, b) => b.score - a.score || a.kind.localeCompare(b.kind));
  return { actions: out.slice(0, input.limit ?? MAX_ACTIONS), blocked };
}

function guardrail(def: ActionDefinition, f: CustomerFeatures, role: Role, recentFullPrice: boolean): Blocked['guardrail'] | null {
  if (!def.roles.includes(role)) return 'role';
  if (def.promotional) {
    if (f.marketingOptOut) return 'consent';
    if (!hasMarketingConsent(f, def.marketingChannels ?? CONSENT_CHANNELS)) return 'consent';
    if (f.outboundTouches7d >= 3) return 'marketing_cap';
    if (recentFullPrice) return 'recent_full_price';
  }
  const last = f.executedAt[def.kind];
  if (last !== undefined && f.nowMs - last < def.capMs) return 'frequency_cap';
  return null;
}

/**
 * A promotion may go out on one of its channels whose consent is not refused. `unknown` (no event says)
 * does not block: the hub's sources rarely state consent for every customer, and an explicit refusal
 * (an opt-out, "not subscribed" at signup, an SMS STOP) is what must never be overridden.
 */
export function hasMarketingConsent(f: Pick<CustomerFeatures, 'marketingConsent'>, channels: readonly ConsentChannel[]): boolean {
  return channels.some((c) => f.marketingConsent[c].state !== 'denied');
}

/** The public shape (drops the engine's internals). */
export function toPublic(a: RankedAction): RecommendedAction {
  return { id: a.id, kind: a.kind, title: a.title, score: a.score, reasons: a.reasons, execute: a.execute };
}
