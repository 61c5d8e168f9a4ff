import { rankActions } from '../engine.js';
import { computeFeatures } from '../features.js';
import { seededRng } from '../ranking.js';
import { EVAL_NOW } from './scenario-builder.js';
import { scenarios } from './scenarios.js';

export interface ScenarioResult {
  name: string;
  story: string;
  expect: string[];
  ranked: { kind: string; score: number }[];
  top1: boolean;
  top3: boolean;
  violations: string[];
}
export interface EvalReport {
  results: ScenarioResult[];
  hitAt1: number;
  hitAt3: number;
  violations: number;
}

/** Runs every scenario through features + ranking with no learned feedback and a fixed seed. */
export function evaluate(seed = 7): EvalReport {
  const results = scenarios().map((s, i): ScenarioResult => {
    const features = computeFeatures({ items: s.items, stats: s.stats, now: EVAL_NOW });
    const { actions } = rankActions({ customerId: `cus_${i}`, features, role: s.role, stats: new Map(), rng: seededRng(seed + i) });
    const kinds = actions.map((a) => a.kind as string);
    return {
      name: s.name,
      story: s.story,
      expect: s.expect,
      ranked: actions.map((a) => ({ kind: a.kind, score: a.score })),
      top1: kinds.length > 0 && s.expect.includes(kinds[0]!),
      top3: kinds.slice(0, 3).some((k) => s.expect.includes(k)),
      violations: kinds.filter((k) => s.forbid.includes(k)),
    };
  });
  const n = results.length;
  return {
    results,
    hitAt1: results.filter((r) => r.top1).length / n,
    hitAt3: results.filter((r) => r.top3).length / n,
    violations: results.reduce((s, r) => s + r.violations.length, 0),
  };
}
