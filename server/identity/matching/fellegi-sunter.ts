import { FIELDS, type Level } from './compare.js';

/*
 * Fellegi–Sunter with m/u probabilities estimated by EM on the blocked candidate pairs (unsupervised:
 * nothing is fitted to labels). Fields are assumed conditionally independent; a missing field adds 0.
 * m[f][l] = P(level l | match), u[f][l] = P(level l | non-match), for the 3 levels 0 (disagree), 1 (partial), 2 (agree).
 */

export interface FsModel {
  /** Prior share of matches among candidate pairs. */
  prior: number;
  m: number[][];
  u: number[][];
}

const FLOOR = 1e-4;
/** Dirichlet pseudo-pairs drawn from the start model: a field the data barely shows (e.g. no dates of birth yet) keeps sensible weights instead of 0. */
const PSEUDO = 10;

/** Reasonable starting point (and the fallback when there are too few pairs to learn from). */
export function defaultModel(): FsModel {
  return {
    prior: 0.1,
    m: FIELDS.map(() => [0.05, 0.15, 0.8]),
    u: FIELDS.map(() => [0.85, 0.1, 0.05]),
  };
}

/** Log2 weight of one field at one level (0 for missing). */
export function levelWeight(model: FsModel, field: number, level: Level): number {
  if (level < 0) return 0;
  return Math.log2(model.m[field]![level]! / model.u[field]![level]!);
}

/** Posterior match probability of a comparison vector. */
export function matchProbability(model: FsModel, levels: Int8Array): number {
  let logOdds = Math.log2(model.prior / (1 - model.prior));
  for (let f = 0; f < levels.length; f++) logOdds += levelWeight(model, f, levels[f] as Level);
  return 1 / (1 + Math.pow(2, -logOdds));
}

/**
 * EM over comparison vectors (flattened: pair p's field f at vectors[p * F + f]).
 * Identical vectors are counted once with a multiplicity, so each iteration is cheap even for millions of pairs.
 */
export function estimateModel(vectors: Int8Array, fieldCount = FIELDS.length, iterations = 60, start = defaultModel()): FsModel {
  const pairs = vectors.length / fieldCount;
  if (pairs < 20) return start;
  const patterns = new Map<string, { levels: Int8Array; n: number }>();
  for (let p = 0; p < pairs; p++) {
    const v = vectors.subarray(p * fieldCount, (p + 1) * fieldCount);
    const key = v.join(',');
    const hit = patterns.get(key);
    if (hit) hit.n++;
    else patterns.set(key, { levels: Int8Array.from(v), n: 1 });
  }
  const pats = [...patterns.values()];
  let model: FsModel = { prior: start.prior, m: start.m.map((r) => [...r]), u: start.u.map((r) => [...r]) };
  for (let it = 0; it < iterations; it++) {
    const mAcc = Array.from({ length: fieldCount }, (_, f) => start.m[f]!.map((x) => x * PSEUDO));
    const uAcc = Array.from({ length: fieldCount }, (_, f) => start.u[f]!.map((x) => x * PSEUDO));
    let gSum = 0;
    for (const { levels, n } of pats) {
      const g = matchProbability(model, levels);
      gSum += g * n;
      for (let f = 0; f < fieldCount; f++) {
        const l = levels[f]!;
        if (l < 0) continue;
        mAcc[f]![l]! += g * n;
        uAcc[f]![l]! += (1 - g) * n;
      }
    }
    const next: FsModel = {
      prior: Math.min(0.999, Math.max(1e-6, gSum / pairs)),
      m: mAcc.map(normalize),
      u: uAcc.map(normalize),
    };
    const delta = Math.abs(next.prior - model.prior);
    model = next;
    if (delta < 1e-7 && it > 5) break;
  }
  // Identifiability: "agree" must favour a match; if EM swapped the classes for a field, fall back to the start.
  for (let f = 0; f < fieldCount; f++) {
    if (model.m[f]![2]! < model.u[f]![2]!) {
      model.m[f] = [...start.m[f]!];
      model.u[f] = [...start.u[f]!];
    }
  }
  return model;
}

function normalize(row: number[]): number[] {
  const total = row.reduce((a, b) => a + b, 0);
  if (total <= 0) return row.map(() => 1 / row.length);
  const floored = row.map((x) => Math.max(FLOOR, x / total));
  const t2 = floored.reduce((a, b) => a + b, 0);
  return floored.map((x) => x / t2);
}
