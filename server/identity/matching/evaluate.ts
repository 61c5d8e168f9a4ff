import type { FebrlRecord } from './febrl.js';
import { truePairCount } from './febrl.js';
import { DEFAULT_THRESHOLD, scoreDedup, scoreLinkage, type ScoredPairs } from './matcher.js';

export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  predicted: number;
}

export interface Evaluation {
  records: number;
  truePairs: number;
  candidatePairs: number;
  /** Share of true pairs that survive blocking (the recall ceiling). */
  pairCompleteness: number;
  atDefault: PrPoint;
  curve: PrPoint[];
  /** Deterministic key (identical id number) as the auto-merge rule would use it: its pair precision. */
  exactIdPrecision: number;
  exactIdPairs: number;
}

export const CURVE_THRESHOLDS = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999];

/** Dedup (one file) or linkage (two files) quality over pairs, against the rec_id ground truth. */
export function evaluate(a: readonly FebrlRecord[], b?: readonly FebrlRecord[]): Evaluation {
  const right = b ?? a;
  const scored: ScoredPairs = b ? scoreLinkage(a, b) : scoreDedup(a);
  const truePairs = truePairCount(a, b);
  const n = scored.scores.length;
  const isTrue = new Uint8Array(n);
  let found = 0;
  for (let p = 0; p < n; p++) {
    if (a[scored.pairs[2 * p]!]!.entity === right[scored.pairs[2 * p + 1]!]!.entity) {
      isTrue[p] = 1;
      found++;
    }
  }
  const point = (threshold: number): PrPoint => {
    let tp = 0;
    let predicted = 0;
    for (let p = 0; p < n; p++) {
      if (scored.scores[p]! < threshold) continue;
      predicted++;
      tp += isTrue[p]!;
    }
    const precision = predicted === 0 ? 1 : tp / predicted;
    const recall = truePairs === 0 ? 1 : tp / truePairs;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { threshold, precision, recall, f1, predicted };
  };
  // Exact id-number agreement, over all pairs (not just candidates): what a deterministic key would auto-merge.
  const byId = new Map<string, FebrlRecord[]>();
  for (const r of right) if (r.idNumber) byId.set(r.idNumber, [...(byId.get(r.idNumber) ?? []), r]);
  let idPairs = 0;
  let idTrue = 0;
  const tally = (x: FebrlRecord, y: FebrlRecord) => {
    idPairs++;
    if (x.entity === y.entity) idTrue++;
  };
  if (b) {
    for (const r of a) for (const o of byId.get(r.idNumber) ?? []) tally(r, o);
  } else {
    for (const group of byId.values()) {
      for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) tally(group[i]!, group[j]!);
    }
  }
  return {
    records: a.length + (b?.length ?? 0),
    truePairs,
    candidatePairs: n,
    pairCompleteness: truePairs === 0 ? 1 : found / truePairs,
    atDefault: point(DEFAULT_THRESHOLD),
    curve: CURVE_THRESHOLDS.map(point),
    exactIdPrecision: idPairs === 0 ? 1 : idTrue / idPairs,
    exactIdPairs: idPairs,
  };
}
