import type { Actor, CustomerProfile, CustomerSummary, TimelineItem, TimelinePage, TimelineQuery } from '../../../shared/index.js';
import type { CustomerQueries } from '../../domain.js';
import { maskItem, maskProfile, maskSummary } from './mask.js';
import type { PiiAccess } from './pii-access.js';

/*
 * The customer reads as the console gets them: the queries (full values, which internal callers such as next
 * actions need to attach events) with the caller's masking applied on the way out, and profile opens audited.
 */
export class MaskedCustomerReads {
  constructor(
    private readonly customers: CustomerQueries,
    private readonly access: PiiAccess,
  ) {}

  resolveId(actor: Actor, id: string): Promise<string | null> {
    return this.customers.resolveId(actor, id);
  }

  /** Search runs on full values (a full email, phone, loyalty or order number typed at the counter finds the customer); hits come back masked. */
  async search(actor: Actor, q: string, limit: number): Promise<CustomerSummary[]> {
    const hits = await this.customers.search(actor, q, limit);
    return this.summaries(actor, hits);
  }

  async summaries(actor: Actor, list: readonly CustomerSummary[]): Promise<CustomerSummary[]> {
    const full = await this.access.fullAccess(actor, list.map((s) => s.id));
    return list.map((s) => (full.has(s.id) ? s : maskSummary(s)));
  }

  /** The profile with its `pii` block; the open is audited (coalesced per user and customer). */
  async profile(actor: Actor, id: string): Promise<CustomerProfile | null> {
    const profile = await this.customers.profile(actor, id);
    if (!profile) return null;
    const [pii] = await Promise.all([this.access.state(actor, profile.id), this.access.recordView(actor, profile.id, id)]);
    return { ...(pii.masked ? maskProfile(profile) : profile), pii };
  }

  async timeline(actor: Actor, id: string, query: TimelineQuery): Promise<TimelinePage | null> {
    const page = await this.customers.timeline(actor, id, query);
    if (!page) return null;
    return { ...page, items: await this.items(actor, page.items) };
  }

  async itemsSince(actor: Actor, survivorId: string, sinceSeq: number, limit: number): Promise<TimelineItem[]> {
    return this.items(actor, await this.customers.itemsSince(actor, survivorId, sinceSeq, limit));
  }

  /** Items (of one or more survivors) as this caller may see them. */
  async items(actor: Actor, items: readonly TimelineItem[]): Promise<TimelineItem[]> {
    if (items.length === 0) return [];
    const full = await this.access.fullAccess(actor, items.map((i) => i.customerId));
    return items.map((i) => (full.has(i.customerId) ? i : maskItem(i)));
  }
}
