import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MergeRecord } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { openTestDatabase, testDialects } from '../storage/test-database.js';
import { generateDemo } from './generator.js';
import { DEMO_PERSONAS } from './personas.js';
import { formatPhone } from './phones.js';
import { seedDemo } from './seed.js';
import { systemActor, type Actor } from '../../shared/actor.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const PEOPLE = 30;

describe.each(testDialects())('seedDemo on the real domain (%s)', (dialect) => {
  let domain: SqlDomain;
  const merges: MergeRecord[] = [];
  const batchSizes: number[] = [];
  let seeded: { customers: number; events: number };

  beforeAll(async () => {
    domain = await domainOn(await openTestDatabase(dialect), { defaultRegion: 'US' });
    domain.events.subscribe('test', { 'customer.merged': (m) => void merges.push(m) });
    const ingest = { ingest: (actor: Actor, events: Parameters<SqlDomain['ingest']['ingest']>[1]) => (batchSizes.push(events.length), domain.ingest.ingest(actor, events)) };
    seeded = await seedDemo(ingest, { customers: PEOPLE, now: NOW });
  }, 120_000);
  afterAll(() => domain?.close());

  it('ingests every generated event in batches of at most 1000', () => {
    const expected = [...generateDemo({ customers: PEOPLE, now: NOW })].flat().length;
    expect(seeded).toEqual({ customers: PEOPLE, events: expected });
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(1000);
    expect(batchSizes.reduce((s, n) => s + n, 0)).toBe(expected);
  });

  it('merges each persona’s fragmented identities into one customer, found by any identifier', async () => {
    expect(merges.length).toBeGreaterThanOrEqual(2 * DEMO_PERSONAS.filter((p) => p.altEmail).length);
    for (const p of DEMO_PERSONAS) {
      const queries = [p.email, p.altEmail, p.loyaltyId, formatPhone(p.phone, 'national'), formatPhone(p.phone, 'dots'), p.orderNumber, p.name].filter((q): q is string => Boolean(q));
      const ids = new Set<string>();
      for (const q of queries) {
        const hits = await domain.customers.search(systemActor('test'), q, 5);
        expect(hits.length, `${p.name} by ${q}`).toBeGreaterThan(0);
        ids.add(hits[0]!.id);
      }
      expect(ids.size, `${p.name}: ${[...ids].join(', ')}`).toBe(1);
      const profile = (await domain.customers.profile(systemActor('test'), [...ids][0]!))!;
      expect(profile.displayName).toBe(p.name);
      expect(profile.emails).toEqual(expect.arrayContaining([p.email, ...(p.altEmail ? [p.altEmail] : [])]));
      expect(profile.loyaltyIds).toContain(p.loyaltyId);
      if (p.altEmail) expect(profile.merges.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('ends with exactly one active customer per demo person', async () => {
    const all = await domain.customers.search(systemActor('test'), '', 100);
    expect(all.length).toBe(PEOPLE);
  });

  it('is idempotent: seeding again only finds duplicates', async () => {
    const before = (await domain.customers.search(systemActor('test'), '', 100)).reduce((s, c) => s + c.eventCount, 0);
    let created = 0;
    await seedDemo({ ingest: async (actor, events) => {
      const out = await domain.ingest.ingest(actor, events);
      created += out.created.length;
      return out;
    } }, { customers: PEOPLE, now: NOW });
    expect(created).toBe(0);
    const after = (await domain.customers.search(systemActor('test'), '', 100)).reduce((s, c) => s + c.eventCount, 0);
    expect(after).toBe(before);
  });
});
