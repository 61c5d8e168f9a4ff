import type { ActionKind } from '../../shared/index.js';
import type { Segment } from './features.js';

/*
 * Learned acceptance: a Beta-Bernoulli posterior per (kind, segment), sampled by Thompson sampling.
 * The prior Beta(PRIOR, PRIOR) is deliberately firm: a handful of clicks nudges the ranking,
 * a consistent pattern of accepts or dismissals reorders it.
 */

export const PRIOR = 20;

export interface Tally {
  accepted: number;
  dismissed: number;
}
/** Keyed `${kind}|${segment}`. */
export type AcceptanceStats = ReadonlyMap<string, Tally>;
export const statsKey = (kind: ActionKind, segment: Segment) => `${kind}|${segment}`;

export type Rng = () => number;

/** mulberry32: tiny, fast, seedable; good enough for exploration. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a 32-bit: seeds and short stable hashes. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function normal(rng: Rng): number {
  // Box-Muller; 1 - u keeps log away from 0.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape >= 1, 1) by Marsaglia-Tsang. */
function gamma(shape: number, rng: Rng): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, rng: Rng): number {
  const x = gamma(alpha, rng);
  const y = gamma(beta, rng);
  return x / (x + y);
}

export function posterior(t: Tally | undefined): { alpha: number; beta: number } {
  return { alpha: PRIOR + (t?.accepted ?? 0), beta: PRIOR + (t?.dismissed ?? 0) };
}

/** Posterior mean, for reporting and for callers that want no exploration. */
export function meanAcceptance(t: Tally | undefined): number {
  const { alpha, beta } = posterior(t);
  return alpha / (alpha + beta);
}

/** One Thompson draw of the acceptance rate. */
export function sampleAcceptance(t: Tally | undefined, rng: Rng): number {
  const { alpha, beta } = posterior(t);
  return sampleBeta(alpha, beta, rng);
}
