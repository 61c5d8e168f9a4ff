import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchSearch, datasetFor, prepareDataDir, SEARCH_SIZES, searchSection } from './search-bench.js';

// The search bench end to end at a tiny size: real ingest, a real hub process, HTTP searches. No timing assertions.
describe('search bench', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omni-search-bench-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every sampled customer first by email, phone and name, and reports it', async () => {
    const data = datasetFor(SEARCH_SIZES.tiny);
    await prepareDataDir(dir, data, () => {});
    const result = await benchSearch(dir, data, 15);
    expect(result.rows.map((r) => [r.kind, r.samples, r.wrongTop])).toEqual([
      ['email', 15, 0],
      ['phone', 15, 0],
      ['name', 15, 0],
    ]);
    for (const r of result.rows) expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    expect(searchSection(result).join('\n')).toContain('| by name ("Customer N") | 15 |');
    expect(SEARCH_SIZES['10x'].events).toBe(10 * SEARCH_SIZES.full.events);
  }, 120_000);
});
