import { describe, expect, it } from 'vitest';
import { EVENT_TYPE, type TimelineItem } from '../../shared/index.js';
import { itemsInWords, readCounterFacts, readVisit } from './counter-facts.js';

const NOW = new Date('2025-06-10T12:00:00Z');
let n = 0;
const item = (type: string, channel: TimelineItem['channel'], hoursAgo: number, data: Record<string, unknown> = {}): TimelineItem => ({
  id: `evt_${++n}`,
  customerId: 'cus_1',
  channel,
  type,
  occurredAt: new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString(),
  summary: null,
  source: 't',
  sourceEventId: `s${n}`,
  data,
  seq: n,
});
/** Newest first, as the timeline answers. */
const newestFirst = (...items: TimelineItem[]) => [...items].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

describe('counter facts', () => {
  it('a check-in is an open visit until its check-out, and not after 12 hours', () => {
    const checkIn = item(EVENT_TYPE.storeCheckIn, 'store', 1, { visitId: 'vis_1', storeId: 'SF', storeName: 'Union Square', associate: 'Jo' });
    expect(readVisit([checkIn], NOW)).toMatchObject({ visitId: 'vis_1', storeName: 'Union Square', associate: 'Jo' });
    expect(readVisit(newestFirst(checkIn, item(EVENT_TYPE.storeCheckOut, 'store', 0.5, { visitId: 'vis_1' })), NOW)).toBeNull();
    expect(readVisit([item(EVENT_TYPE.storeCheckIn, 'store', 13, { visitId: 'vis_2', storeId: 'SF', storeName: 'Union Square' })], NOW)).toBeNull();
  });

  it('links a pickup to its order whether or not the POS writes the #, and leaves closed orders out', () => {
    const facts = readCounterFacts(
      newestFirst(
        item('order', 'purchase', 72, { orderNumber: '#5001', status: 'paid', total: 64, currency: 'USD' }),
        item('order', 'purchase', 60, { orderNumber: '#5002', status: 'paid', total: 19, currency: 'USD' }),
        item('order', 'purchase', 50, { orderNumber: '#5003', status: 'cancelled', total: 5, currency: 'USD' }),
        item('shipment.ready_for_pickup', 'web', 30, { orderNumber: '#5001' }),
        item(EVENT_TYPE.storePickup, 'store', 3, { orderNumber: '5002', storeName: 'Union Square', orderTotal: 19 }),
      ),
      NOW,
    );
    const byNumber = Object.fromEntries(facts.openOrders.map((o) => [o.orderNumber, o]));
    expect(byNumber['#5001']?.pickup).toMatchObject({ state: 'ready', pickedUpAt: null });
    expect(byNumber['#5002']?.pickup).toMatchObject({ state: 'picked_up', storeName: 'Union Square' });
    expect(byNumber['#5003']).toBeUndefined();
    // The pickup is not a purchase.
    expect(facts.purchases.map((p) => p.reference)).toEqual(['#5003', '#5002', '#5001']);
  });

  it('reads loyalty from the latest event carrying it, and says nothing when none does', () => {
    expect(readCounterFacts([item('note', 'note', 1)], NOW).loyalty).toBeNull();
    const facts = readCounterFacts(newestFirst(item('order', 'purchase', 1, { loyalty: { tier: 'Gold' } }), item('order', 'purchase', 5, { loyaltyTier: 'Silver', loyaltyPoints: 900 })), NOW);
    expect(facts.loyalty).toEqual({ tier: 'Gold', points: 900 });
  });

  it('says what was bought in words', () => {
    expect(itemsInWords([{ title: 'Pen', quantity: 2 }])).toBe('2 × Pen');
    expect(itemsInWords([{ title: 'Stove', quantity: 1 }, { title: 'Mug', quantity: 1 }, { title: 'Fuel', quantity: 3 }])).toBe('Stove and 2 more');
    expect(itemsInWords('nonsense')).toBeNull();
  });
});
