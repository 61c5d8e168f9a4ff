import type { MatchEvidence } from '../../../shared/index.js';
import { dedupPairs, linkPairs } from './blocking.js';
import { FIELDS, LEVEL_AGREEMENT, compareLevels } from './compare.js';
import { estimateModel, householdWeight, levelWeight, matchProbability, type FsModel } from './fellegi-sunter.js';
import type { MatchRecord } from './record.js';

/** Posterior probability at which a pair is reported as a likely duplicate (the model's own even-odds point). */
export const DEFAULT_THRESHOLD = 0.5;

export interface ScoredPairs {
  /** Candidate pairs as flat [i, j, i, j, …] (indexes into the inputs). */
  pairs: Uint32Array;
  /** Match probability per candidate pair. */
  scores: Float64Array;
  model: FsModel;
}

/** Deduplicates one set: blocking, comparison vectors, EM-estimated weights, a score per candidate pair. */
export function scoreDedup(records: readonly MatchRecord[], model?: FsModel): ScoredPairs {
  return scoreCandidates(records, records, dedupPairs(records), model);
}

/** Links two sets (each assumed free of internal duplicates). */
export function scoreLinkage(a: readonly MatchRecord[], b: readonly MatchRecord[], model?: FsModel): ScoredPairs {
  return scoreCandidates(a, b, linkPairs(a, b), model);
}

export function scoreCandidates(a: readonly MatchRecord[], b: readonly MatchRecord[], pairs: Uint32Array, given?: FsModel): ScoredPairs {
  const F = FIELDS.length;
  const n = pairs.length / 2;
  const vectors = new Int8Array(n * F);
  for (let p = 0; p < n; p++) vectors.set(compareLevels(a[pairs[2 * p]!]!, b[pairs[2 * p + 1]!]!), p * F);
  const model = given ?? estimateModel(vectors);
  const scores = new Float64Array(n);
  for (let p = 0; p < n; p++) scores[p] = matchProbability(model, vectors.subarray(p * F, (p + 1) * F));
  return { pairs, scores, model };
}

/** Evidence rows for one pair: every field either side has, with its agreement and weight. */
export function explain(model: FsModel, a: MatchRecord, b: MatchRecord): { score: number; evidence: MatchEvidence[] } {
  const levels = compareLevels(a, b);
  const evidence: MatchEvidence[] = [];
  // Household fields are shown with the share of the capped total they contributed.
  const household = householdWeight(model, levels);
  const scale = household.raw === 0 ? 1 : household.capped / household.raw;
  FIELDS.forEach((spec, f) => {
    const c = spec.compare(a, b);
    if (c.ours === null && c.theirs === null) return;
    const w = levelWeight(model, f, c.level) * (spec.scope === 'household' ? scale : 1);
    evidence.push({ field: spec.field, ours: c.ours, theirs: c.theirs, agreement: LEVEL_AGREEMENT[c.level], weight: round(w) });
  });
  return { score: matchProbability(model, levels), evidence };
}

const round = (x: number) => Math.round(x * 100) / 100;
