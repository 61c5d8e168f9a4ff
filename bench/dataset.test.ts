import { isValidPhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { IngestEventSchema } from '../shared/index.js';
import { BenchDataset } from './dataset.js';

const opts = { customers: 300, events: 3000, heavyCustomers: 3, heavyShare: 0.3, fragmentEvery: 10, seed: 5, endMs: Date.UTC(2025, 0, 1) };
const events = (o = opts) => [...new BenchDataset(o).batches(1000)];

describe('BenchDataset', () => {
  it('is deterministic and yields batches of at most the requested size', () => {
    const a = events();
    expect(a.map((b) => b.length)).toEqual([1000, 1000, 1000]);
    expect(events()).toEqual(a);
    expect(events({ ...opts, seed: 6 }).flat().map((e) => e.customer)).not.toEqual(a.flat().map((e) => e.customer));
  });

  it('produces valid ingest events with unique ids and valid phones', () => {
    const all = events().flat();
    for (const e of all) expect(IngestEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    expect(new Set(all.map((e) => e.sourceEventId)).size).toBe(all.length);
    const d = new BenchDataset(opts);
    for (let c = 0; c < opts.customers; c++) expect(isValidPhoneNumber(d.phone(c)), d.phone(c)).toBe(true);
  });

  it('signs up every customer with email + phone first, and gives heavy customers their share', () => {
    const all = events().flat();
    const firstSeen = new Map<string, (typeof all)[number]>();
    for (const e of all) {
      const email = e.customer.email;
      if (email && !firstSeen.has(email)) firstSeen.set(email, e);
    }
    expect(firstSeen.size).toBe(opts.customers);
    for (const e of firstSeen.values()) expect(e.customer.phone).toBeTruthy();
    const withEmail = all.filter((e) => e.customer.email);
    const heavy = withEmail.filter((e) => /^cust[0-2]@/.test(e.customer.email!)).length;
    expect(heavy).toBeGreaterThan(withEmail.length * 0.2);
  });

  it('uses a loyalty card alone before a bridging event for fragmented customers', () => {
    const d = new BenchDataset(opts);
    const all = [...d.batches(1000)].flat();
    const c = Array.from({ length: opts.customers }, (_, i) => i).find((i) => d.isFragmented(i) && all.filter((e) => e.customer.loyaltyId === d.loyalty(i)).length > 2)!;
    const withCard = all.filter((e) => e.customer.loyaltyId === d.loyalty(c));
    const bridge = withCard.findIndex((e) => e.customer.email === d.email(c));
    expect(withCard[0]!.customer.email).toBeUndefined();
    if (bridge >= 0) expect(withCard.slice(0, bridge).every((e) => !e.customer.email && !e.customer.phone)).toBe(true);
  });
});
