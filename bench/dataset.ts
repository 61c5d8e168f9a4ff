import { seededRng } from '../server/actions/ranking.js';
/*
 * The bench's synthetic stream: N customers, M events, interleaved like a real ingest feed
 * (customers sign up progressively, events for known customers arrive in between).
 * Cheap to generate (a seeded PRNG, no faker) so the bench times ingest, not generation.
 * Identity is exercised honestly: phones in several formats, loyalty-card-only events for some
 * customers until a bridging event merges the two identities.
 */
import { microsToIso, type Channel, type CustomerRef, type IngestEvent } from '../shared/index.js';
import { demoPhone, formatPhone, PHONE_FORMATS } from '../server/demo/phones.js';

export interface DatasetOptions {
  customers: number;
  events: number;
  /** The first `heavyCustomers` customers share `heavyShare` of all events (the timeline bench reads them). */
  heavyCustomers: number;
  heavyShare: number;
  /** Every `fragmentEvery`-th ordinary customer uses its loyalty card alone until its 4th event bridges it. */
  fragmentEvery: number;
  seed: number;
  /** History ends here (epoch ms); it spans two years. */
  endMs: number;
}

/** The same seedable PRNG the next-action ranking uses. */
export const mulberry32 = seededRng;

const AREAS = ['415', '212', '312', '617', '206', '310', '512', '303'];
const AGENTS = ['Sam Ortiz', 'Jordan Lee', 'Riley Patel', 'Morgan Davis'];
const PRODUCTS = [
  { sku: 'TRL-RUN-42', title: 'Trail runner shoes', unitPrice: 119.5 },
  { sku: 'RDG-JKT-M', title: 'Ridgeline rain jacket', unitPrice: 189 },
  { sku: 'WOL-SOCK-3', title: 'Wool hiking socks (3-pack)', unitPrice: 24 },
  { sku: 'SUM-PACK-28', title: 'Summit daypack 28L', unitPrice: 139 },
];
const CHANNELS: Channel[] = ['phone', 'email', 'email', 'chat', 'sms', 'sms', 'store', 'purchase', 'purchase', 'web'];
const TWO_YEARS_MS = 730 * 86_400_000;

export class BenchDataset {
  readonly opts: DatasetOptions;
  private readonly phones: (string | undefined)[] = [];
  /** Events seen per customer so far (drives signup / bridging). */
  private readonly seen: Uint16Array;

  constructor(opts: DatasetOptions) {
    this.opts = opts;
    this.seen = new Uint16Array(opts.customers);
  }

  email(c: number): string {
    return `cust${c}@bench.example`;
  }
  phone(c: number): string {
    return (this.phones[c] ??= demoPhone(AREAS[c % AREAS.length]!, c));
  }
  loyalty(c: number): string {
    return `LOY-B${c}`;
  }
  isHeavy(c: number): boolean {
    return c < this.opts.heavyCustomers;
  }
  isFragmented(c: number): boolean {
    return !this.isHeavy(c) && this.opts.fragmentEvery > 0 && c % this.opts.fragmentEvery === 7 % this.opts.fragmentEvery;
  }

  /** Batches of `size` events, deterministic for a seed. */
  *batches(size: number): Generator<IngestEvent[]> {
    const { customers, events, heavyCustomers, heavyShare, seed, endMs } = this.opts;
    const rnd = mulberry32(seed);
    // Every `signupEvery`-th event signs up the next customer, so all customers exist by the end.
    const signupEvery = Math.max(1, Math.floor(events / customers));
    let next = 0;
    let batch: IngestEvent[] = [];
    const startMs = endMs - TWO_YEARS_MS;
    for (let i = 0; i < events; i++) {
      let c: number;
      if ((i % signupEvery === 0 && next < customers) || next === 0) c = next++;
      else if (rnd() < heavyShare && heavyCustomers > 0) c = Math.floor(rnd() * Math.min(heavyCustomers, next));
      else c = Math.floor(rnd() * next);
      // Mostly in order, a few days of jitter: ingest is never perfectly chronological.
      const ms = startMs + (i / events) * TWO_YEARS_MS + (rnd() - 0.5) * 4 * 86_400_000;
      const us = Math.floor(Math.min(ms, endMs) * 1000) + Math.floor(rnd() * 1000);
      batch.push(this.event(i, c, us, rnd));
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  private ref(c: number, channel: Channel, rnd: () => number): CustomerRef {
    const n = this.seen[c]!;
    this.seen[c] = Math.min(65_535, n + 1);
    const name = `Customer ${c}`;
    const fragmented = this.isFragmented(c);
    if (n === 0) return { email: this.email(c), phone: this.phone(c), name, ...(fragmented ? {} : { loyaltyId: this.loyalty(c) }) };
    // Fragmented customers: the card alone (a second customer) until event #4 carries card + email.
    if (fragmented && n === 4) return { email: this.email(c), loyaltyId: this.loyalty(c) };
    if (channel === 'store') return fragmented || rnd() < 0.7 ? { loyaltyId: this.loyalty(c), name } : { phone: this.phone(c) };
    if (fragmented && n < 4 && rnd() < 0.5) return { loyaltyId: this.loyalty(c) };
    if (channel === 'phone' || channel === 'sms') return { phone: formatPhone(this.phone(c), PHONE_FORMATS[Math.floor(rnd() * PHONE_FORMATS.length)]!) };
    return { email: this.email(c), name };
  }

  private event(i: number, c: number, us: number, rnd: () => number): IngestEvent {
    const channel = CHANNELS[Math.floor(rnd() * CHANNELS.length)]!;
    const customer = this.ref(c, channel, rnd);
    const base = { sourceEventId: `b${this.opts.seed}-${i}`, occurredAt: microsToIso(us), customer };
    const agent = AGENTS[i % AGENTS.length]!;
    const product = PRODUCTS[i % PRODUCTS.length]!;
    switch (channel) {
      case 'phone':
        return { ...base, source: 'voice', channel, type: 'call.completed', summary: `Inbound call about ${product.title}`, data: { direction: 'inbound', durationSec: Math.floor(rnd() * 900), outcome: 'answered', agent } };
      case 'email':
        return {
          ...base,
          source: 'email',
          channel,
          type: 'email.received',
          summary: `Question about ${product.title}`,
          data: { direction: 'inbound', subject: `Question about ${product.title}`, from: this.email(c), to: ['support@northwind.example'], text: `Hello, I bought the ${product.title} last month and would like to know whether it is covered by the warranty. Thanks, Customer ${c}` },
        };
      case 'chat':
        return {
          ...base,
          source: 'chat',
          channel,
          type: 'chat.closed',
          summary: `Chat with ${agent}`,
          data: { conversationId: `conv-${i}`, status: 'resolved', messages: [{ author: `Customer ${c}`, role: 'customer', text: `Is the ${product.title} in stock?` }, { author: agent, role: 'agent', text: 'Yes, it ships tomorrow.' }] },
        };
      case 'sms':
        return { ...base, source: 'sms', channel, type: 'sms.received', summary: 'Where is my order?', data: { direction: 'inbound', body: 'Where is my order?' } };
      case 'store':
        return { ...base, source: 'pos', channel, type: 'store.purchase', summary: `Bought ${product.title}`, data: { storeId: 'SF-UNION', storeName: 'San Francisco – Union Square', associate: agent, visitType: 'purchase', total: product.unitPrice, currency: 'USD', lines: [{ ...product, quantity: 1 }] } };
      case 'purchase':
        return { ...base, source: 'shop', channel, type: 'order.created', summary: `Order #${100000 + i}`, data: { orderNumber: `#${100000 + i}`, currency: 'USD', total: product.unitPrice * 2, lines: [{ ...product, quantity: 2 }], status: 'paid' } };
      default:
        return { ...base, source: 'web', channel: 'web', type: 'web.session', summary: 'Browsed 3 pages', data: { pages: ['/', `/p/${product.sku}`, '/cart'], durationSec: Math.floor(rnd() * 600) } };
    }
  }
}
