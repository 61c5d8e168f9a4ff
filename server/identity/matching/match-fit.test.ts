import { describe, expect, it } from 'vitest';
import { blockingKeys, dedupPairs } from './blocking.js';
import { scoreDedup } from './matcher.js';
import { fitFromSource, type FitSource } from './match-fit.js';
import { generateHouseholds } from './synthetic/households.js';
import type { MatchRecord } from './record.js';

/** The stored index as a FitSource, in memory: profiles by id, blocks by key. */
function memorySource(records: readonly MatchRecord[]): FitSource {
  const byId = new Map(records.map((r) => [r.id, JSON.stringify(r)]));
  const ids = [...byId.keys()].sort();
  const blocks = new Map<string, string[]>();
  for (const r of records) for (const k of new Set(blockingKeys(r))) blocks.set(k, [...(blocks.get(k) ?? []), r.id]);
  return {
    profileCount: async () => ids.length,
    profilesAfter: async (after, limit) => ids.filter((id) => id > after).slice(0, limit).map((id) => ({ id, record: byId.get(id)! })),
    members: async (keys, limit) => new Map(keys.map((k) => [k, (blocks.get(k) ?? []).slice(0, limit)])),
    records: async (want) => new Map(want.map((id) => [id, byId.get(id)!])),
  };
}

describe('streamed refit from the stored index', () => {
  const records = generateHouseholds({ seed: 2, people: 600 }).records;

  it('compares exactly the pairs in-memory blocking builds and learns the same model', async () => {
    const streamed = await fitFromSource(memorySource(records));
    expect(streamed.pairs).toBe(dedupPairs(records).length / 2);
    expect(streamed.sampled).toBe(false);
    const inMemory = scoreDedup(records).model;
    for (let f = 0; f < inMemory.w.length; f++) for (let l = 0; l < 3; l++) expect(streamed.model.w[f]![l]!).toBeCloseTo(inMemory.w[f]![l]!, 6);
    expect(streamed.model.prior).toBeCloseTo(inMemory.prior, 6);
  });

  it('samples seeds beyond maxSeeds: fewer pairs, weights close to the full fit', async () => {
    const full = await fitFromSource(memorySource(records));
    const sampled = await fitFromSource(memorySource(records), { maxSeeds: Math.floor(records.length / 2) });
    expect(sampled.sampled).toBe(true);
    expect(sampled.pairs).toBeLessThan(full.pairs);
    expect(sampled.pairs).toBeGreaterThan(full.pairs / 2);
    for (let f = 0; f < full.model.w.length; f++) for (let l = 0; l < 3; l++) expect(Math.abs(sampled.model.w[f]![l]! - full.model.w[f]![l]!)).toBeLessThan(1.5);
  });
});
