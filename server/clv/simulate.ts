import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { WEEK_MS, type Purchase } from './summary.js';

/*
 * Purchase histories drawn from the BG/NBD and Gamma-Gamma processes themselves (seeded): data the
 * tests and the bench have never seen, with known true parameters to recover.
 */

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rnd: () => number): number {
  const u = Math.max(rnd(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** Gamma(shape, rate) by Marsaglia & Tsang (shape < 1 boosted). */
export function gamma(rnd: () => number, shape: number, rate: number): number {
  if (shape < 1) return gamma(rnd, shape + 1, rate) * Math.pow(Math.max(rnd(), 1e-300), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rnd);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rnd();
    if (Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export interface SimulatedCustomer {
  purchases: Purchase[];
}

/**
 * `customers` histories: first purchases spread over `cohortWeeks` before `startMs + cohortWeeks`, observed
 * until `endMs`. Spend per purchase: Gamma(p, nu) with nu ~ Gamma(q, v).
 */
export function simulate(o: { customers: number; bgnbd: BgNbdParams; gammaGamma: GammaGammaParams; startMs: number; cohortWeeks: number; endMs: number; seed: number }): SimulatedCustomer[] {
  const rnd = seededRandom(o.seed);
  const { r, alpha, a, b } = o.bgnbd;
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < o.customers; i++) {
    const lambda = gamma(rnd, r, alpha); // purchases per week
    const ga = gamma(rnd, a, 1);
    const dropout = ga / (ga + gamma(rnd, b, 1));
    const nu = gamma(rnd, o.gammaGamma.q, o.gammaGamma.v);
    const spend = () => Math.round(gamma(rnd, o.gammaGamma.p, nu) * 100) / 100 || 0.01;
    let t = o.startMs + rnd() * o.cohortWeeks * WEEK_MS;
    const purchases: Purchase[] = [{ atMs: t, amount: spend() }];
    // BG/NBD: active at least until the first repeat purchase; may drop out after each repeat.
    for (;;) {
      t += (-Math.log(Math.max(rnd(), 1e-300)) / lambda) * WEEK_MS;
      if (t > o.endMs) break;
      purchases.push({ atMs: t, amount: spend() });
      if (rnd() < dropout) break;
    }
    out.push({ purchases });
  }
  return out;
}
