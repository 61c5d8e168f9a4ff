import type { Activity, ChannelValueRow, CohortRow } from '../../shared/index.js';
import { activityOf, explain } from './explain.js';
import { DAY_MS } from './summary.js';

/*
 * The leads' report, built from every purchasing customer's figures in the fit worker (one pass, no
 * per-customer writes): cohorts by first-purchase month, value by acquisition channel, and the
 * high-value customers at risk. Stored with the model; the API slices it.
 */

export interface ReportInputRow {
  customerId: string;
  firstMs: number;
  lastMs: number;
  occasions: number;
  totalSpend: number;
  months: readonly number[];
  acquisitionChannel: string;
  acquisitionSource: string;
  value12m: number;
  pAlive: number;
}

export interface StoredAtRisk {
  customerId: string;
  expectedValue12m: number;
  valueIfActive12m: number;
  totalSpend: number;
  pAlive: number;
  activity: Activity;
  lastPurchaseAt: string;
  explanation: string;
}

export interface StoredReport {
  purchasingCustomers: number;
  repeatPurchaseRate: number;
  expectedValue12m: number;
  /** Every cohort, oldest first; the API keeps the last N. */
  cohorts: CohortRow[];
  channels: ChannelValueRow[];
  /** The top AT_RISK_KEPT, best first. */
  atRisk: StoredAtRisk[];
}

export const AT_RISK_KEPT = 500;
/** A repeat buyer below this P(alive) is at risk. */
export const AT_RISK_BELOW = 0.5;

const monthLabel = (m: number) => `${1970 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
const round2 = (v: number) => Math.round(v * 100) / 100;

export function buildReport(rows: Iterable<ReportInputRow>, nowMs: number): StoredReport {
  const now = new Date(nowMs);
  const nowMonth = (now.getUTCFullYear() - 1970) * 12 + now.getUTCMonth();
  const cohorts = new Map<number, { customers: number; repeat: number; value: number; pAlive: number; active: number[] }>();
  const channels = new Map<string, { channel: string; source: string; customers: number; repeat: number; value: number }>();
  const atRisk: StoredAtRisk[] = [];
  let customers = 0;
  let repeaters = 0;
  let total = 0;
  for (const r of rows) {
    customers++;
    const repeat = r.occasions > 1 ? 1 : 0;
    repeaters += repeat;
    total += r.value12m;
    const first = r.months[0] ?? 0;
    const c = cohorts.get(first) ?? { customers: 0, repeat: 0, value: 0, pAlive: 0, active: new Array<number>(Math.max(1, nowMonth - first + 1)).fill(0) };
    c.customers++;
    c.repeat += repeat;
    c.value += r.value12m;
    c.pAlive += r.pAlive;
    for (const m of r.months) if (m - first < c.active.length) c.active[m - first]!++;
    cohorts.set(first, c);
    const key = `${r.acquisitionChannel}|${r.acquisitionSource}`;
    const ch = channels.get(key) ?? { channel: r.acquisitionChannel, source: r.acquisitionSource, customers: 0, repeat: 0, value: 0 };
    ch.customers++;
    ch.repeat += repeat;
    ch.value += r.value12m;
    channels.set(key, ch);
    if (repeat && r.pAlive < AT_RISK_BELOW) {
      const x = r.occasions - 1;
      atRisk.push({
        customerId: r.customerId,
        expectedValue12m: round2(r.value12m),
        valueIfActive12m: round2(r.value12m / Math.max(r.pAlive, 1e-3)),
        totalSpend: round2(r.totalSpend),
        pAlive: r.pAlive,
        activity: activityOf(x, r.pAlive),
        lastPurchaseAt: new Date(r.lastMs).toISOString(),
        explanation: explain({ x, usualGapDays: (r.lastMs - r.firstMs) / DAY_MS / x, daysSince: (nowMs - r.lastMs) / DAY_MS, pAlive: r.pAlive, expectedPurchases365d: 0 }),
      });
      // Keep the list bounded while scanning 100k customers.
      if (atRisk.length > AT_RISK_KEPT * 4) trimAtRisk(atRisk);
    }
  }
  trimAtRisk(atRisk);
  return {
    purchasingCustomers: customers,
    repeatPurchaseRate: customers ? repeaters / customers : 0,
    expectedValue12m: round2(total),
    cohorts: [...cohorts.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([m, c]) => ({
        month: monthLabel(m),
        customers: c.customers,
        retention: c.active.map((n) => n / c.customers),
        repeatPurchaseRate: c.repeat / c.customers,
        expectedValue12m: round2(c.value),
        meanExpectedValue12m: round2(c.value / c.customers),
        meanPAlive: c.pAlive / c.customers,
      })),
    channels: [...channels.values()]
      .map((c) => ({ channel: c.channel, source: c.source, customers: c.customers, expectedValue12m: round2(c.value), meanExpectedValue12m: round2(c.value / c.customers), repeatPurchaseRate: c.repeat / c.customers }))
      .sort((a, b) => b.expectedValue12m - a.expectedValue12m || a.source.localeCompare(b.source)),
    atRisk,
  };
}

function trimAtRisk(list: StoredAtRisk[]): void {
  list.sort((a, b) => b.valueIfActive12m - a.valueIfActive12m || (a.customerId < b.customerId ? -1 : 1));
  list.length = Math.min(list.length, AT_RISK_KEPT);
}
