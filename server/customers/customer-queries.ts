import type { Actor, CustomerLookupResponse } from '../../shared/index.js';
import type { ChannelConsent, CustomerProfile, CustomerSummary, CustomerValue, TimelineItem, TimelinePage, TimelineQuery } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import type { Db } from '../storage/schema.js';
import { loadProfile } from './profile.js';
import { resolveCustomerId } from './resolve-id.js';
import { loadSummaries } from './rows.js';
import { searchCustomers } from './search.js';
import { lookupCustomers } from './search-identifier-lookup.js';
import { itemsSinceSeq, parseBefore, timelinePage } from './timeline.js';

/** Read side of the domain. Every entry point resolves merged-away ids to their survivor first. */
export class SqlCustomerQueries implements CustomerQueries {
  /** Customer value for the profile (server/clv), set by the domain wiring. */
  valueOf?: (actor: Actor, survivorId: string) => Promise<CustomerValue | null>;
  /** Marketing consent per channel for the profile (server/privacy), set by the domain wiring: two index seeks, kept at write time. */
  consentsOf?: (survivorId: string) => Promise<ChannelConsent[]>;

  constructor(
    private readonly db: Db,
    private readonly defaultRegion: string,
  ) {}

  search(actor: Actor, q: string, limit: number): Promise<CustomerSummary[]> {
    return searchCustomers(this.db, q, limit, this.defaultRegion);
  }

  /** Exact identifier matches first (the counter's lookup), then partial ones. */
  lookup(actor: Actor, q: string, limit: number): Promise<CustomerLookupResponse> {
    return lookupCustomers(this.db, q, limit, this.defaultRegion);
  }

  resolveId(actor: Actor, id: string): Promise<string | null> {
    return resolveCustomerId(this.db, id);
  }

  async summary(actor: Actor, id: string): Promise<CustomerSummary | null> {
    const survivor = await this.resolveId(actor, id);
    if (!survivor) return null;
    return (await loadSummaries(this.db, [survivor])).get(survivor) ?? null;
  }

  /** Fresh summaries of many customers at once (ingest fan-out). */
  async summaries(ids: readonly string[]): Promise<Map<string, CustomerSummary>> {
    return loadSummaries(this.db, ids);
  }

  async profile(actor: Actor, id: string): Promise<CustomerProfile | null> {
    const survivor = await this.resolveId(actor, id);
    if (!survivor) return null;
    const consentsOf = this.consentsOf;
    const [profile, consents] = await Promise.all([loadProfile(this.db, survivor, id, this.valueOf && ((s) => this.valueOf!(actor, s))), consentsOf?.(survivor)]);
    return profile && consents ? { ...profile, consents } : profile;
  }

  async timeline(actor: Actor, id: string, query: TimelineQuery): Promise<TimelinePage | null> {
    parseBefore(query.before); // a bad cursor is a 400 even for an unknown customer
    // Fast path, one query: events only ever point at active customers (merges re-point them),
    // so rows found under `id` mean `id` is its own survivor.
    const page = await timelinePage(this.db, id, query);
    if (page.items.length > 0) return page;
    const survivor = await this.resolveId(actor, id);
    if (!survivor) return null;
    return survivor === id ? page : timelinePage(this.db, survivor, query);
  }

  async itemsSince(actor: Actor, id: string, sinceSeq: number, limit: number): Promise<TimelineItem[]> {
    const survivor = await this.resolveId(actor, id);
    return survivor ? itemsSinceSeq(this.db, survivor, sinceSeq, limit) : [];
  }
}
