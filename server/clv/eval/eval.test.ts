import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CDNOW_TRANSACTIONS, cdnowPresent, PUBLISHED_BGNBD, PUBLISHED_GAMMA_GAMMA, readCdnowSummary } from '../cdnow-reference.js';
import { summarize } from '../summary.js';
import { parseEvalArgs } from './args.js';
import { runEval } from './run-eval.js';
import { parseCdnow } from './transactions.js';

const dir = mkdtempSync(join(tmpdir(), 'omni-eval-clv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval:clv arguments', () => {
  it.each([
    [['f.txt', '--format', 'xml'], /--format must be one of cdnow, jsonl, online-retail-csv/],
    [['f.txt'], /--format is required/],
    [['--format', 'cdnow'], /<file>/],
    [['f.txt', '--format', 'cdnow', '--calibration-end', '1997-13-01'], /--calibration-end must be a date/],
    [['f.txt', '--format', 'cdnow', '--calibration-end', '1998-01-01', '--holdout-end', '1997-06-30'], /--calibration-end \(1998-01-01\) must be before --holdout-end \(1997-06-30\)/],
    [['f.txt', '--format', 'cdnow', '--holdout-end'], /--holdout-end needs a value/],
    [['f.txt', '--format', 'cdnow', '--weeks', '3'], /unknown argument --weeks/],
  ])('%j is refused naming the argument', (argv, message) => {
    expect(() => parseEvalArgs(argv)).toThrow(message);
  });

  it('empty periods are refused naming the argument', () => {
    const file = join(dir, 'tiny.txt');
    writeFileSync(file, ' 1 1 19970101 1 10.00\n 1 1 19970301 1 12.00\n 2 2 19970105 1 9.00\n');
    expect(() => runEval({ file, format: 'cdnow', calibrationEnd: '1996-12-01', holdoutEnd: '1997-06-01' })).toThrow(/--calibration-end \(1996-12-01\) is before the first purchase/);
    expect(() => runEval({ file, format: 'cdnow', calibrationEnd: '1997-05-01', holdoutEnd: '1997-06-01' })).toThrow(/--calibration-end \(1997-05-01\) is on or after the last purchase .* holdout period is empty/);
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n');
    expect(() => runEval({ file: empty, format: 'jsonl' })).toThrow(/<file> .*no purchases found/);
  });
});

// Skipped when ../shared/data/clv (the CDNOW sample, outside the repo) is absent.
describe.skipIf(!cdnowPresent())('eval:clv on the CDNOW sample (skipped when ../shared/data/clv is absent)', () => {
  it('the transactions reproduce the published per-customer summary', () => {
    const byCustomer = parseCdnow(readFileSync(CDNOW_TRANSACTIONS, 'utf8'));
    const ids = [...byCustomer.keys()].sort((a, b) => Number(a) - Number(b));
    const summary = readCdnowSummary();
    expect(ids).toHaveLength(summary.length);
    ids.forEach((id, i) => {
      const s = summarize(byCustomer.get(id)!, Date.UTC(1997, 8, 30))!;
      expect(s.x).toBe(summary[i]!.x);
      expect(s.tx).toBeCloseTo(summary[i]!.tx, 1);
      expect(s.T).toBeCloseTo(summary[i]!.T, 1);
    });
  });

  it('recovers the published parameters within 1%, beats the naive baseline and writes the tracking chart', () => {
    const { result: r, lines, files } = runEval({ file: CDNOW_TRANSACTIONS, format: 'cdnow', outDir: dir });
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(r.bgnbd[k] / PUBLISHED_BGNBD[k] - 1)).toBeLessThan(0.01);
    for (const k of ['p', 'q', 'v'] as const) expect(Math.abs(r.gammaGamma![k] / PUBLISHED_GAMMA_GAMMA[k] - 1)).toBeLessThan(0.01);
    expect(r.customers).toBe(2357);
    expect(r.maeModel).toBeLessThan(r.maeNaive);
    expect(lines[2]).toMatch(/^BG\/NBD +r= 0\.243 alpha= 4\.414 a= 0\.793 b= 2\.426/);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['CDNOW_sample-tracking.svg', 'CDNOW_sample-tracking.html']);
    expect(readFileSync(files[0]!, 'utf8')).toMatch(/^<svg[\s\S]*<path d="M/);
  });
});
