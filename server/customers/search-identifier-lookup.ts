import type { CustomerLookupResponse, CustomerSummary } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import { loadSummaries } from './rows.js';
import { rankedMatches } from './search.js';

/** Exact hits read at most: a card or phone shared by more customers than this is a data problem, not a list to show. */
const EXACT_CAP = 20;

/**
 * The counter's lookup: customers whose identifier is exactly `q` (the search's tier 0: loyalty with or
 * without its prefix, phone in any format, email in any case, order/receipt number, external id), then up
 * to `limit` partial matches in search order. Full values: the route masks them per caller.
 */
export async function lookupCustomers(db: Db, q: string, limit: number, defaultRegion: string): Promise<CustomerLookupResponse> {
  const ranked = await rankedMatches(db, q, EXACT_CAP + limit, defaultRegion);
  const exactIds = ranked.filter((m) => m.exact).map((m) => m.id);
  const otherIds = ranked
    .filter((m) => !m.exact)
    .slice(0, limit)
    .map((m) => m.id);
  const summaries = await loadSummaries(db, [...exactIds, ...otherIds]);
  const pick = (ids: string[]) => ids.map((id) => summaries.get(id)).filter((s): s is CustomerSummary => s !== undefined);
  return { exact: pick(exactIds), others: pick(otherIds) };
}
