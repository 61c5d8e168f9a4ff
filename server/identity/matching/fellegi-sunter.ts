import { FIELDS, type FieldSpec, type Level } from './compare.js';

/*
 * Fellegi–Sunter with m/u probabilities estimated by EM on the blocked candidate pairs (unsupervised:
 * nothing is fitted to labels). Fields are assumed conditionally independent; a missing field adds 0.
 * m[f][l] = P(level l | match), u[f][l] = P(level l | non-match), for the 3 levels 0 (disagree), 1 (partial), 2 (agree).
 *
 * Constrained: each field's weights stay inside the bounds it declares (compare.ts), also during EM, and are
 * monotonic (disagree <= partial <= agree). So EM can sharpen what the data supports but cannot learn that a
 * shared address makes one person, or invert the given-name weights. With too few pairs to learn from
 * (a small hub) the prior model scores: a pair's suggestion must not hinge on unrelated customers.
 */

export interface FsModel {
  /** Prior share of matches among candidate pairs. */
  prior: number;
  m: number[][];
  u: number[][];
  /** Log2 weight per field and level, bounded (derived from m/u by `constrain`). */
  w: number[][];
}

const FLOOR = 1e-4;
/** Dirichlet pseudo-pairs drawn from the start model: a field the data barely shows (e.g. no dates of birth yet) keeps sensible weights instead of 0. */
const PSEUDO = 10;
/** Below this many candidate pairs EM is not run: the prior model answers. */
export const MIN_PAIRS_FOR_EM = 2000;
/** The match share that scores a pair, whatever EM estimated: the odds a pair starts from stay in a sane range. */
export const PRIOR_RANGE: readonly [number, number] = [0.02, 0.5];
const DEFAULT_PRIOR = 0.1;
/** Household fields together add at most this many bits (a shared address and card say "same household")… */
export const HOUSEHOLD_CAP = 2;
/** …and take at most this many away (a move is not proof of two people). */
export const HOUSEHOLD_FLOOR = -4;
/** Without any person-level field agreeing (given name, birth date, a personal identifier), a pair stays below even odds. */
const NO_PERSON_EVIDENCE_LOG_ODDS = -1;
const SCOPES = FIELDS.map((f) => f.scope);

/** Keeps every weight inside its field's bounds and monotonic in the level. */
export function constrain(prior: number, m: number[][], u: number[][], fields: readonly FieldSpec[] = FIELDS): FsModel {
  const w = fields.map((spec, f) => {
    const raw = [0, 1, 2].map((l) => Math.log2(m[f]![l]! / u[f]![l]!));
    const [bd, bp, ba] = spec.bounds;
    const agree = clamp(raw[2]!, ba[0], ba[1]);
    const disagree = Math.min(clamp(raw[0]!, bd[0], bd[1]), agree);
    const partial = clamp(clamp(raw[1]!, bp[0], bp[1]), disagree, agree);
    return [disagree, partial, agree];
  });
  return { prior: clamp(prior, PRIOR_RANGE[0], PRIOR_RANGE[1]), m, u, w };
}

/** The prior model: each field's declared starting m and u (the fallback when there are too few pairs to learn from). */
export function defaultModel(fields: readonly FieldSpec[] = FIELDS): FsModel {
  return constrain(
    DEFAULT_PRIOR,
    fields.map((f) => [...f.prior.m]),
    fields.map((f) => [...f.prior.u]),
    fields,
  );
}

/** Log2 weight of one field at one level (0 for missing). */
export function levelWeight(model: FsModel, field: number, level: Level): number {
  if (level < 0) return 0;
  return model.w[field]![level]!;
}

/** Household fields' summed weight, capped (see HOUSEHOLD_CAP). */
export function householdWeight(model: FsModel, levels: ArrayLike<number>): { raw: number; capped: number } {
  let raw = 0;
  for (let f = 0; f < levels.length; f++) if (SCOPES[f] === 'household') raw += levelWeight(model, f, levels[f] as Level);
  return { raw, capped: clamp(raw, HOUSEHOLD_FLOOR, HOUSEHOLD_CAP) };
}

/** Posterior match probability of a comparison vector. */
export function matchProbability(model: FsModel, levels: Int8Array): number {
  let logOdds = Math.log2(model.prior / (1 - model.prior));
  let household = 0;
  let person = false;
  for (let f = 0; f < levels.length; f++) {
    const l = levels[f] as Level;
    if (l < 0) continue;
    const scope = SCOPES[f];
    if (scope === 'household') household += model.w[f]![l]!;
    else logOdds += model.w[f]![l]!;
    if (scope === 'person' && l >= 1) person = true;
  }
  logOdds += clamp(household, HOUSEHOLD_FLOOR, HOUSEHOLD_CAP);
  if (!person) logOdds = Math.min(logOdds, NO_PERSON_EVIDENCE_LOG_ODDS);
  return 1 / (1 + Math.pow(2, -logOdds));
}

/**
 * EM over comparison vectors (flattened: pair p's field f at vectors[p * F + f]).
 * Identical vectors are counted once with a multiplicity, so each iteration is cheap even for millions of pairs.
 */
export function estimateModel(vectors: Int8Array, fields: readonly FieldSpec[] = FIELDS, iterations = 60, start = defaultModel(fields)): FsModel {
  const fieldCount = fields.length;
  const pairs = vectors.length / fieldCount;
  if (pairs < MIN_PAIRS_FOR_EM) return start;
  const patterns = new PatternCounts(fieldCount);
  for (let p = 0; p < pairs; p++) patterns.add(vectors.subarray(p * fieldCount, (p + 1) * fieldCount));
  return estimateFromPatterns(patterns, fields, iterations, start);
}

/** Distinct comparison vectors with their multiplicity: what EM needs, in memory that does not grow with the pairs. */
export class PatternCounts {
  readonly byKey = new Map<number, { levels: Int8Array; n: number }>();
  pairs = 0;
  constructor(readonly fieldCount: number) {}

  add(v: ArrayLike<number>, n = 1): void {
    // Levels -1..2 pack into 2 bits per field (up to 26 fields stay an exact integer key).
    let key = 0;
    for (let f = 0; f < this.fieldCount; f++) key = key * 4 + (v[f]! + 1);
    const hit = this.byKey.get(key);
    if (hit) hit.n += n;
    else this.byKey.set(key, { levels: Int8Array.from(v), n });
    this.pairs += n;
  }
}

/** EM over counted patterns (see estimateModel); too few pairs keep the start (prior) model. */
export function estimateFromPatterns(patterns: PatternCounts, fields: readonly FieldSpec[] = FIELDS, iterations = 60, start = defaultModel(fields)): FsModel {
  const fieldCount = fields.length;
  const pairs = patterns.pairs;
  if (pairs < MIN_PAIRS_FOR_EM) return start;
  const pats = [...patterns.byKey.values()];
  let model: FsModel = start;
  // EM's own share of matches moves freely; only the scoring prior is kept in range.
  let share = start.prior;
  for (let it = 0; it < iterations; it++) {
    const mAcc = Array.from({ length: fieldCount }, (_, f) => start.m[f]!.map((x) => x * PSEUDO));
    const uAcc = Array.from({ length: fieldCount }, (_, f) => start.u[f]!.map((x) => x * PSEUDO));
    let gSum = 0;
    const logPrior = Math.log2(share / (1 - share)) - Math.log2(model.prior / (1 - model.prior));
    for (const { levels, n } of pats) {
      const g = shift(matchProbability(model, levels), logPrior);
      gSum += g * n;
      for (let f = 0; f < fieldCount; f++) {
        const l = levels[f]!;
        if (l < 0) continue;
        mAcc[f]![l]! += g * n;
        uAcc[f]![l]! += (1 - g) * n;
      }
    }
    const nextShare = Math.min(0.999, Math.max(1e-6, gSum / pairs));
    model = constrain(nextShare, mAcc.map(normalize), uAcc.map(normalize), fields);
    const delta = Math.abs(nextShare - share);
    share = nextShare;
    if (delta < 1e-7 && it > 5) break;
  }
  return model;
}

/** Moves a probability by a log2-odds offset. */
function shift(p: number, log2Odds: number): number {
  if (log2Odds === 0) return p;
  const odds = (p / (1 - p)) * Math.pow(2, log2Odds);
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function normalize(row: number[]): number[] {
  const total = row.reduce((a, b) => a + b, 0);
  if (total <= 0) return row.map(() => 1 / row.length);
  const floored = row.map((x) => Math.max(FLOOR, x / total));
  const t2 = floored.reduce((a, b) => a + b, 0);
  return floored.map((x) => x / t2);
}
