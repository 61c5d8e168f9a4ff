/*
 * When a buyer's value summary may be redone (ClvService's drain). A refresh reads all of a buyer's stored orders,
 * so a heavy buyer touched batch after batch in a bulk load waits `intervalMs` for every `costlyOrders` orders its
 * last refresh read (at most `maxIntervals` intervals): the orders re-read per minute stay bounded however long the
 * history grows (with a flat wait they grew with it: 0.4 s of order reads in the first 500k events of a 10M build,
 * 4.2 s in the last), and one more order moves a long history's value the least. Nobody waits on it: a profile read
 * summarizes a pending buyer at once (ClvService.valueOf). Only buyers whose refresh read at least `costlyOrders`
 * orders are tracked: a light buyer's refresh is cheap, and
 * tracking everyone refreshed within the interval would hold hundreds of thousands of ids during a bulk load.
 * (It used to track everyone and forget them all at 20,000: at a million customers that came round every few seconds
 * of a bulk load, so heavy buyers were re-read far more often than meant; their reads and value rows were 15% of
 * ingest's time at 7M events, 7% with this pacing; issue 15.)
 */
export class RefreshPacing {
  /** Buyer -> when it may be refreshed again; insertion order is refresh order (the first ones were refreshed longest ago). */
  private readonly dueAt = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly costlyOrders = 20,
    private readonly max = 20_000,
    private readonly maxIntervals = 15,
  ) {}

  /** The earliest time this buyer may be refreshed (0: now). */
  due(customerId: string): number {
    return this.dueAt.get(customerId) ?? 0;
  }

  /** A refresh of this buyer read `orders` orders at `atMs`. */
  refreshed(customerId: string, orders: number, atMs: number): void {
    this.dueAt.delete(customerId);
    if (orders < this.costlyOrders) return;
    const intervals = Math.min(this.maxIntervals, Math.floor(orders / this.costlyOrders));
    this.dueAt.set(customerId, atMs + intervals * this.intervalMs);
    // Over the bound, the buyers refreshed longest ago go first (refreshed early, at worst).
    for (const id of this.dueAt.keys()) {
      if (this.dueAt.size <= this.max) break;
      this.dueAt.delete(id);
    }
  }

  get size(): number {
    return this.dueAt.size;
  }
}
