import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { loadFebrl } from './febrl.js';

/* The real Febrl files live outside the repo (../shared/data/febrl); CI without them skips, saying why. */
const DIR = join(process.cwd(), '..', 'shared', 'data', 'febrl');
const have = existsSync(join(DIR, 'dataset1.csv'));

// Skipped when ../shared/data/febrl (the Febrl sets, outside the repo) is absent.
describe.skipIf(!have)('matcher on Febrl (skipped: ../shared/data/febrl is not present)', () => {
  it('deduplicates dataset1 with F1 >= 0.9 at the default threshold (unsupervised EM)', () => {
    const e = evaluate(loadFebrl(join(DIR, 'dataset1.csv')));
    expect(e.pairCompleteness).toBeGreaterThan(0.95);
    expect(e.atDefault.f1).toBeGreaterThanOrEqual(0.9);
    expect(e.atDefault.precision).toBeGreaterThanOrEqual(0.9);
  });
});
