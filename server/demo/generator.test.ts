import { isValidPhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import {
  ChatDataSchema,
  EmailDataSchema,
  IngestEventSchema,
  PhoneDataSchema,
  PurchaseDataSchema,
  SmsDataSchema,
  StoreDataSchema,
  type IngestEvent,
} from '../../shared/index.js';
import { generateDemo, identityAt, orderNumbers } from './generator.js';
import { DEMO_PERSONAS } from './personas.js';
import { formatPhone } from './phones.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const all = (opts: Parameters<typeof generateDemo>[0]) => [...generateDemo(opts)];

const DATA_SCHEMAS = { phone: PhoneDataSchema, email: EmailDataSchema, chat: ChatDataSchema, sms: SmsDataSchema, purchase: PurchaseDataSchema, store: StoreDataSchema } as const;

describe('demo generator', () => {
  const histories = all({ seed: 42, customers: 40, now: NOW });
  const events = histories.flat();

  it('is deterministic: same seed and now give identical events; another seed differs', () => {
    expect(all({ seed: 42, customers: 40, now: NOW })).toEqual(histories);
    const other = all({ seed: 7, customers: 40, now: NOW }).flat();
    expect(other.map((e) => e.summary)).not.toEqual(events.map((e) => e.summary));
  });

  it('keeps sourceEventIds stable when only `now` moves (re-seeding is idempotent)', () => {
    const later = all({ seed: 42, customers: 40, now: new Date(NOW.getTime() + 86_400_000) }).flat();
    const ids = new Set(events.map((e) => `${e.source}/${e.sourceEventId}`));
    const overlap = later.filter((e) => ids.has(`${e.source}/${e.sourceEventId}`)).length;
    expect(overlap / later.length).toBeGreaterThan(0.99);
  });

  it('produces only valid ingest events, with unique (source, sourceEventId)', () => {
    for (const e of events) {
      const r = IngestEventSchema.safeParse(e);
      expect(r.success, `${e.sourceEventId}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
    expect(new Set(events.map((e) => `${e.source}/${e.sourceEventId}`)).size).toBe(events.length);
  });

  it('follows the shared channel-data shapes so the console renders rich items', () => {
    const seen = new Set<string>();
    for (const e of events) {
      const schema = DATA_SCHEMAS[e.channel as keyof typeof DATA_SCHEMAS];
      if (!schema) continue;
      seen.add(e.channel);
      expect(schema.safeParse(e.data).success, `${e.channel} ${e.type} ${JSON.stringify(e.data)}`).toBe(true);
    }
    expect([...seen].sort()).toEqual(Object.keys(DATA_SCHEMAS).sort());
    const call = events.find((e) => e.channel === 'phone' && e.type === 'call.completed')!;
    expect(call.data).toMatchObject({ direction: expect.any(String), durationSec: expect.any(Number), outcome: expect.any(String), agent: expect.any(String) });
    expect(events.some((e) => e.channel === 'email' && typeof e.data?.['html'] === 'string')).toBe(true);
    expect(events.some((e) => e.channel === 'chat' && ((e.data?.['messages'] as unknown[]) ?? []).length >= 4)).toBe(true);
    expect(events.some((e) => e.type === 'order.refunded' || e.type === 'store.return')).toBe(true);
  });

  it('keeps each history chronological, within two years before now', () => {
    for (const h of histories) {
      const ts = h.map((e) => Date.parse(e.occurredAt));
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      expect(Math.max(...ts)).toBeLessThanOrEqual(NOW.getTime());
      expect(Math.min(...ts)).toBeGreaterThanOrEqual(NOW.getTime() - 731 * 86_400_000);
    }
  });

  it('varies activity: most customers 5–80 events, some heavy customers over 1000', () => {
    const sizes = histories.slice(DEMO_PERSONAS.length).map((h) => h.length);
    expect(sizes.filter((n) => n >= 5 && n <= 90).length / sizes.length).toBeGreaterThan(0.9);
    expect(histories[1]!.length).toBeGreaterThan(1000); // Daniel Okafor
    expect(identityAt(42, 999).eventTarget).toBeGreaterThanOrEqual(1000);
  });

  it('uses valid, unique phones, written in several formats', () => {
    const phones = Array.from({ length: 500 }, (_, i) => identityAt(42, i).phoneE164);
    for (const p of phones) expect(isValidPhoneNumber(p), p).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    const maya = histories[0]!.map((e) => e.customer.phone).filter(Boolean);
    expect(new Set(maya).size).toBeGreaterThanOrEqual(3);
    expect(maya).toContain(formatPhone('+14155550142', 'national'));
  });

  it('fragments the personas: loyalty-card-only store visits, then an order carrying card and email', () => {
    for (const p of DEMO_PERSONAS.filter((x) => x.altEmail)) {
      const h = histories[DEMO_PERSONAS.indexOf(p)]!;
      const bridge = h.findIndex((e) => e.customer.loyaltyId === p.loyaltyId && e.customer.email === p.email);
      expect(bridge, p.name).toBeGreaterThan(0);
      expect(h[bridge]!.data?.['orderNumber']).toBe(p.orderNumber);
      const before = h.slice(0, bridge);
      const cardOnly = (e: IngestEvent) => e.customer.loyaltyId && !e.customer.email && !e.customer.phone;
      expect(before.some(cardOnly), `${p.name} has card-only visits`).toBe(true);
      expect(before.filter((e) => e.customer.loyaltyId).every(cardOnly)).toBe(true);
      expect(before.some((e) => e.customer.email === p.altEmail)).toBe(true);
      expect(before.some((e) => e.customer.email === p.altEmail && e.customer.phone)).toBe(false);
      expect(h.some((e) => e.customer.email === p.altEmail && e.customer.phone)).toBe(true);
    }
    // The non-fragmented persona still owns its memorable order.
    expect(histories[1]!.some((e) => e.data?.['orderNumber'] === '#5002' && e.type === 'order.created')).toBe(true);
  });

  it('numbers orders from #1001 and never hands out the personas’ #5000 range', () => {
    const next = orderNumbers();
    const nums = Array.from({ length: 4200 }, next);
    expect(nums[0]).toBe('#1001');
    expect(nums.some((n) => /^#50\d\d$/.test(n))).toBe(false);
    expect(new Set(nums).size).toBe(nums.length);
  });
});
