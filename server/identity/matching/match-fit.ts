import { MAX_BLOCK, blockingKeys } from './blocking.js';
import { FIELDS, compareLevels } from './compare.js';
import { PatternCounts, estimateFromPatterns, type FsModel } from './fellegi-sunter.js';
import type { MatchRecord } from './record.js';

/*
 * Refits the Fellegi–Sunter parameters from the stored match profiles and keys (match_profiles, match_keys),
 * streaming: a page of seed customers at a time, each compared with the members of its blocks, and only the
 * distinct comparison vectors with their counts are kept (memory independent of the customer count).
 * Up to `maxSeeds` profiles every customer is a seed and every candidate pair is counted once, exactly the pairs
 * dedupPairs would build in memory. Beyond that, seeds are a deterministic hash sample: a pair is counted when
 * either end is a seed (once), so every candidate pair has the same chance to be in the sample.
 * Runs in a worker thread on SQLite (match-fit-worker.ts); on PostgreSQL in the hub, awaiting the database.
 */

export interface FitSource {
  profileCount(): Promise<number>;
  /** Profiles ordered by customer id, after `afterId`. */
  profilesAfter(afterId: string, limit: number): Promise<{ id: string; record: string }[]>;
  /** Block members per key, at most `limit` each. */
  members(keys: readonly string[], limit: number): Promise<Map<string, string[]>>;
  records(ids: readonly string[]): Promise<Map<string, string>>;
}

export interface FitResult {
  model: FsModel;
  profiles: number;
  /** Candidate pairs compared. */
  pairs: number;
  /** 1 when seeds were sampled (more profiles than maxSeeds). */
  sampled: boolean;
}

export const DEFAULT_MAX_SEEDS = 50_000;
const PAGE = 250;

/** FNV-1a of the id, as a fraction in [0, 1): the seed sample is the same run to run. */
export function idFraction(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

export async function fitFromSource(src: FitSource, opts: { maxSeeds?: number; pause?: () => Promise<void> } = {}): Promise<FitResult> {
  const profiles = await src.profileCount();
  const rate = Math.min(1, (opts.maxSeeds ?? DEFAULT_MAX_SEEDS) / Math.max(1, profiles));
  const isSeed = (id: string) => rate >= 1 || idFraction(id) < rate;
  const patterns = new PatternCounts(FIELDS.length);
  let after = '';
  for (;;) {
    const page = await src.profilesAfter(after, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const seeds = page.filter((p) => isSeed(p.id)).map((p) => JSON.parse(p.record) as MatchRecord);
    const keysOf = seeds.map((r) => [...new Set(blockingKeys(r))]);
    const blocks = await src.members([...new Set(keysOf.flat())], MAX_BLOCK + 1);
    const wanted = new Set<string>();
    const candidates = seeds.map((seed, i) => {
      const out = new Set<string>();
      for (const k of keysOf[i]!) {
        const members = blocks.get(k);
        if (!members || members.length < 2 || members.length > MAX_BLOCK) continue;
        // Each pair once: from its smaller id when both ends are seeds, else from the seed.
        for (const id of members) if (id !== seed.id && !(isSeed(id) && id < seed.id)) out.add(id);
      }
      for (const id of out) wanted.add(id);
      return out;
    });
    const recs = await src.records([...wanted]);
    const parsed = new Map<string, MatchRecord>();
    for (const [id, json] of recs) parsed.set(id, JSON.parse(json) as MatchRecord);
    seeds.forEach((seed, i) => {
      for (const id of candidates[i]!) {
        const other = parsed.get(id);
        if (other) patterns.add(compareLevels(seed, other));
      }
    });
    await opts.pause?.();
  }
  return { model: estimateFromPatterns(patterns), profiles, pairs: patterns.pairs, sampled: rate < 1 };
}
