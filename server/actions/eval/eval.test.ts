import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainOn } from '../../create-domain.js';
import type { Domain } from '../../domain.js';
import { openTestDatabase, testDialects } from '../../storage/test-database.js';
import { evaluate, type EvalReport } from './evaluate.js';
import { scenarios } from './scenarios.js';

/*
 * The eval suite as a regression test, played through the connectors on every backend. Measured
 * on 2026-12-02 (SQLite and PostgreSQL): hit@1 100%, hit@3 100%, 0 guardrail violations over 20
 * situations; 0 false alarms over 24 generated calm customers. A margin lets one situation move.
 */
const MEASURED = { hitAt1: 1, hitAt3: 1 };
const MARGIN = 1 / 20 + 1e-9;

describe.each(testDialects())('next-action evaluation suite through the connectors (%s)', (dialect) => {
  let domain: Domain;
  let report: EvalReport;
  beforeAll(async () => {
    domain = await domainOn(await openTestDatabase(dialect), { defaultRegion: 'US' });
    report = await evaluate(domain);
  }, 120_000);
  afterAll(async () => {
    await domain?.close();
  });

  it('has at least 16 situations', () => {
    expect(scenarios().length).toBeGreaterThanOrEqual(16);
  });

  it('keeps hit-rate at top-1 and top-3 at least what was measured (minus a margin)', () => {
    const misses = report.results.filter((r) => !r.negativeControl && !r.top1).map((r) => `${r.name}: ${r.ranked.map((a) => a.kind).join(', ')}`);
    expect(report.hitAt1, misses.join('\n')).toBeGreaterThanOrEqual(MEASURED.hitAt1 - MARGIN);
    expect(report.hitAt3).toBeGreaterThanOrEqual(MEASURED.hitAt3 - MARGIN);
  });

  it('never offers a forbidden action (no promotion after a full-price purchase or an opt-out, roles respected, no alarm for calm customers)', () => {
    expect(report.results.filter((r) => r.violations.length > 0).map((r) => `${r.name}: ${r.violations.join(', ')}`)).toEqual([]);
  });

  it('gives no generated calm customer an urgent action', () => {
    expect(report.negativeControls).toBeGreaterThanOrEqual(20);
    expect(report.results.filter((r) => r.falseAlarms.length > 0).map((r) => `${r.name}: ${r.falseAlarms.join(', ')}`)).toEqual([]);
  });

  it('never shows a bare number where a reason should be words', () => {
    // Money ("$349.00", "CA$12.50", or "349.00 XTS" for a currency without a symbol) is a fact with its unit; a score or sentiment value is not.
    const money = /(?:[A-Z]{1,3})?[$€£¥₹][\d,]+(?:\.\d{2})?|[\d,]+\.\d{2} [A-Z]{3}/g;
    const bare = report.results.flatMap((r) => r.why).filter((w) => /\d\.\d/.test(w.replace(money, '')) || /sentiment|score/i.test(w));
    expect(bare).toEqual([]);
  });
});
