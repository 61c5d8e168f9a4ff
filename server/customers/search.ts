import type { CustomerSummary } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import { loadSummaries } from './rows.js';
import { activeCustomers, identifiersByPrefix, identifiersBySuffix, namesMatching, ordersByPrefix } from './search-lookups.js';
import { isNamePrefixMatch, trigramSimilarity } from './search-name.js';
import { cleanQuery, planSearch, type SearchPlan } from './search-plan.js';

/*
 * Customer search (docs/search.md). The query is classified first (search-plan.ts); each index lookup it
 * needs reads a bounded number of rows (search-lookups.ts), so the cost does not grow with the customer
 * base. Candidates are ranked:
 *   0 an identifier equal to the query (email, phone in any format, loyalty card with or without its
 *     prefix, external id, order or receipt number),
 *   1 a name starting with the query (or every query word starting a word of the name),
 *   2 an identifier starting (or, for digits, ending) with the query,
 *   3 a name containing every query term;
 * within a tier by trigram similarity of name and query, then last activity. Merged-away customers are
 * never returned.
 */

const Tier = { ExactIdentifier: 0, NamePrefix: 1, PartialIdentifier: 2, NameSubstring: 3 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface Candidate {
  tier: Tier;
  similarity: number;
}

/** Rows each lookup may read: enough to rank well, small enough to stay flat at any size. */
export function candidateCap(limit: number): number {
  return Math.max(50, limit * 2);
}

export async function searchCustomers(db: Db, rawQ: string, limit: number, defaultRegion: string): Promise<CustomerSummary[]> {
  const q = cleanQuery(rawQ);
  if (q === '') return recentlyActive(db, limit);
  const ids = (await rankedMatches(db, q, limit, defaultRegion)).map((m) => m.id);
  const summaries = await loadSummaries(db, ids);
  return ids.map((id) => summaries.get(id)).filter((s): s is CustomerSummary => s !== undefined);
}

export interface RankedMatch {
  id: string;
  /** One of the customer's identifiers is exactly the query (tier 0). */
  exact: boolean;
}

/** Active customers matching a non-empty query, best first (the ranking above), at most `limit`. */
export async function rankedMatches(db: Db, rawQ: string, limit: number, defaultRegion: string): Promise<RankedMatch[]> {
  const q = cleanQuery(rawQ);
  if (q === '') return [];
  const plan = planSearch(q, defaultRegion);
  const candidates = await findCandidates(db, plan, candidateCap(limit));
  const lastActivity = await activeCustomers(db, [...candidates.keys()]);
  return [...candidates.entries()]
    .filter(([id]) => lastActivity.has(id))
    .sort(([a, ca], [b, cb]) => ca.tier - cb.tier || cb.similarity - ca.similarity || lastActivity.get(b)! - lastActivity.get(a)! || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([id, c]) => ({ id, exact: c.tier === Tier.ExactIdentifier }));
}

async function findCandidates(db: Db, plan: SearchPlan, cap: number): Promise<Map<string, Candidate>> {
  const out = new Map<string, Candidate>();
  const offer = (id: string, tier: Tier, similarity: number) => {
    const seen = out.get(id);
    if (!seen || tier < seen.tier || (tier === seen.tier && similarity > seen.similarity)) out.set(id, { tier, similarity });
  };
  const identifierTier = (kind: Parameters<SearchPlan['isExactIdentifier']>[0], value: string) => (plan.isExactIdentifier(kind, value) ? Tier.ExactIdentifier : Tier.PartialIdentifier);

  const [byPrefix, bySuffix, orders, names] = await Promise.all([
    Promise.all(plan.identifierPrefixes.map((p) => identifiersByPrefix(db, p.kind, p.prefix, p.exact === true, cap))),
    Promise.all(plan.suffixes.map((rev) => identifiersBySuffix(db, rev, cap))),
    plan.orderPrefix ? ordersByPrefix(db, plan.orderPrefix, cap) : [],
    namesMatching(db, plan.name, cap),
  ]);
  for (const row of [...byPrefix.flat(), ...bySuffix.flat()]) offer(row.customerId, identifierTier(row.kind, row.value), 0);
  for (const row of orders) offer(row.customerId, plan.isExactOrder(row.value) ? Tier.ExactIdentifier : Tier.PartialIdentifier, 0);
  if (plan.name.kind !== 'none') {
    const query = plan.name.folded;
    const terms = query.split(' ');
    for (const row of names) {
      // Index hits are re-checked here: the prefix range and the trigram walk answer slightly different questions.
      const prefix = isNamePrefixMatch(row.name, query);
      if (!prefix && !terms.every((t) => row.name.includes(t))) continue;
      offer(row.customerId, prefix ? Tier.NamePrefix : Tier.NameSubstring, trigramSimilarity(row.name, query));
    }
  }
  return out;
}

/*
 * "Recently active" (the empty query): the customers of the events that happened last, walked back through the
 * index on when each event happened (events_occurred, migration 0049) a page at a time. A customer's first event in
 * the walk is their last activity, so the first `limit` customers met are the answer, ranked. An old import received
 * today sits where its events happened, not ahead of today's customers. There is no index on the customer's last
 * activity: its entry moved with every event, a random page write per event at ingest (issue 15). The walk stops
 * after RECENT_WALK_EVENTS events (one customer sending thousands in a row).
 */
export const RECENT_PAGE = 200;
export const RECENT_WALK_EVENTS = 20_000;

async function recentlyActive(db: Db, limit: number): Promise<CustomerSummary[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let after: { us: number; seq: number } | null = null;
  for (let walked = 0; ids.length < limit && walked < RECENT_WALK_EVENTS; ) {
    let page = db.selectFrom('events').select(['seq', 'customer_id', 'occurred_at_us']).orderBy('occurred_at_us', 'desc').orderBy('seq', 'desc').limit(RECENT_PAGE);
    if (after) {
      const { us, seq } = after;
      page = page.where((eb) => eb(eb.refTuple('occurred_at_us', 'seq'), '<', eb.tuple(us, seq)));
    }
    const rows = await page.execute();
    if (rows.length === 0) break;
    walked += rows.length;
    const last = rows[rows.length - 1]!;
    after = { us: Number(last.occurred_at_us), seq: Number(last.seq) };
    const fresh = [...new Set(rows.map((r) => r.customer_id))].filter((id) => !seen.has(id));
    for (const id of fresh) seen.add(id);
    // Events follow their customer into a merge, so this only drops a customer changed while the walk ran.
    const active = await activeCustomers(db, fresh);
    for (const id of fresh) if (active.has(id) && ids.length < limit) ids.push(id);
  }
  const summaries = await loadSummaries(db, ids);
  return ids.map((id) => summaries.get(id)).filter((s): s is CustomerSummary => s !== undefined);
}
