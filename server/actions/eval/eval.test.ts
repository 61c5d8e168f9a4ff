import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { scenarios } from './scenarios.js';

/*
 * The eval suite as a regression test. Measured on 2025-11-23: hit@1 100%, hit@3 100%, 0 guardrail
 * violations over 16 scenarios. A margin allows one scenario to move without failing the build.
 */
const MEASURED = { hitAt1: 1, hitAt3: 1 };
const MARGIN = 1 / 16 + 1e-9;

describe('next-action evaluation suite', () => {
  it('has at least 12 scenarios', () => {
    expect(scenarios().length).toBeGreaterThanOrEqual(12);
  });

  const report = evaluate();
  it('keeps hit-rate at top-1 and top-3 at least what was measured (minus a margin)', () => {
    const misses = report.results.filter((r) => !r.top1).map((r) => `${r.name}: ${r.ranked.map((a) => a.kind).join(', ')}`);
    expect(report.hitAt1, misses.join('\n')).toBeGreaterThanOrEqual(MEASURED.hitAt1 - MARGIN);
    expect(report.hitAt3).toBeGreaterThanOrEqual(MEASURED.hitAt3 - MARGIN);
  });

  it('never offers a forbidden action (no promotion after a full-price purchase or an opt-out, roles respected)', () => {
    expect(report.results.filter((r) => r.violations.length > 0).map((r) => `${r.name}: ${r.violations.join(', ')}`)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(evaluate()).toEqual(report);
  });
});
