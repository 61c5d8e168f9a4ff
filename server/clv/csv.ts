import type { ValueExportQuery, ValueReport } from '../../shared/index.js';

/*
 * CSV export of the leads' report. Cells that a spreadsheet would run as a formula (=, +, -, @ first)
 * are prefixed with an apostrophe; names come from customers' own input.
 */

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 10_000) / 10_000) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const lines = (rows: (string | number)[][]) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

export function reportCsv(report: ValueReport, part: ValueExportQuery['part']): string {
  if (part === 'cohorts') {
    const width = Math.max(0, ...report.cohorts.map((c) => c.retention.length));
    return lines([
      ['first_purchase_month', 'customers', 'repeat_purchase_rate', 'expected_value_12m', 'mean_expected_value_12m', 'mean_p_alive', ...Array.from({ length: width }, (_, k) => `retention_month_${k}`)],
      ...report.cohorts.map((c) => [c.month, c.customers, c.repeatPurchaseRate, c.expectedValue12m, c.meanExpectedValue12m, c.meanPAlive, ...c.retention]),
    ]);
  }
  if (part === 'channels') {
    return lines([
      ['acquisition_channel', 'source', 'customers', 'repeat_purchase_rate', 'expected_value_12m', 'mean_expected_value_12m'],
      ...report.channels.map((c) => [c.channel, c.source, c.customers, c.repeatPurchaseRate, c.expectedValue12m, c.meanExpectedValue12m]),
    ]);
  }
  return lines([
    ['customer_id', 'name', 'expected_value_12m', 'value_if_active_12m', 'total_spend', 'p_alive', 'last_purchase_at', 'explanation'],
    ...report.atRisk.map((a) => [a.customerId, a.displayName, a.expectedValue12m, a.valueIfActive12m, a.totalSpend, a.pAlive, a.lastPurchaseAt, a.explanation]),
  ]);
}
