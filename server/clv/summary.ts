/*
 * From a customer's purchases to what the models read. One purchase is one order or receipt, net of its
 * refunds and cancellations (purchases.ts). Purchases on the same UTC day are one purchase occasion, as in
 * the CDNOW reference data the models are validated on (several receipts at one visit are one repeat, not three).
 */

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

export interface Purchase {
  atMs: number;
  /** Net value of the order/receipt in the model currency (0 when it is in another currency). */
  amount: number;
}

export interface RfmSummary {
  /** Repeat purchase occasions (occasions - 1). */
  x: number;
  /** Weeks from the first occasion to the last. */
  tx: number;
  /** Weeks from the first occasion to `now`. */
  T: number;
  /** Mean value of the repeat occasions (0 when none): the Gamma-Gamma input. */
  m: number;
  firstMs: number;
  lastMs: number;
  occasions: number;
  totalSpend: number;
  /** Distinct months (since 1970-01) with an occasion, ascending: the cohort retention input. */
  months: number[];
}

export const monthIndex = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth() - 1970 * 12;
};

/** null when there is no purchase on or before `nowMs`'s day. Times are measured from the start of each occasion's day. */
export function summarize(purchases: readonly Purchase[], nowMs: number): RfmSummary | null {
  const byDay = new Map<number, number>();
  const today = Math.floor(nowMs / DAY_MS);
  for (const p of purchases) {
    const day = Math.floor(p.atMs / DAY_MS);
    if (day > today) continue;
    byDay.set(day, (byDay.get(day) ?? 0) + p.amount);
  }
  if (byDay.size === 0) return null;
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const first = days[0]!;
  const last = days[days.length - 1]!;
  let repeatSpend = 0;
  let totalSpend = 0;
  for (const d of days) {
    totalSpend += byDay.get(d)!;
    if (d !== first) repeatSpend += byDay.get(d)!;
  }
  const firstMs = first * DAY_MS;
  const x = days.length - 1;
  return {
    x,
    tx: ((last - first) * DAY_MS) / WEEK_MS,
    T: Math.max(0, nowMs - firstMs) / WEEK_MS,
    m: x > 0 ? repeatSpend / x : 0,
    firstMs,
    lastMs: last * DAY_MS,
    occasions: days.length,
    totalSpend,
    months: [...new Set(days.map((d) => monthIndex(d * DAY_MS)))],
  };
}
