import { EVENT_TYPE, type EventMeaning, type TimelineItem } from '../../shared/index.js';

/*
 * Order and shipment facts for "is a delivery late?": shipped / delayed / delivered events of any
 * connector (shipment.*, order.shipped, a Shopify order's fulfillments, a store pickup), keyed by
 * order number. A claim that an order is late rests on these facts only; the customer's words can
 * add evidence to an undelivered order, never create one.
 */

const DAY = 24 * 60 * 60_000;
const IN_TRANSIT_DAYS = 7;
/** Past this, a shipment nobody reported on since is assumed delivered: no claim about it. */
const STALE_DAYS = 30;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Why a delivery is called late (or worth a proactive word). */
export type LateBasis = 'promised_date_passed' | 'carrier_delay' | 'long_in_transit' | 'customer_asks';

export interface LateDelivery {
  /** The events the fact rests on (features.ts `Evidence`, spelled out here so the two files do not import each other). */
  eventIds: string[];
  orderNumber?: string;
  /** Days past the promised date (or past 7 days in transit); 0 for a carrier delay before the date or when the customer asks. */
  daysLate: number;
  basis: LateBasis;
  /** Days since the order shipped (or was placed, when it has not shipped). */
  daysSinceShipped: number;
  shipped: boolean;
}

interface Shipment {
  ids: string[];
  shippedAt: number;
  expectedMs?: number;
  delayed: boolean;
  /** A carrier status or tracking system reported on it (a Shopify fulfillment without shipment_status is not tracked). */
  tracked: boolean;
}

/** Shopify fulfillment shipment statuses that mean the carrier is in trouble. */
const CARRIER_TROUBLE = /^(failure|failed|attempted_delivery|exception|delayed|lost|returned_to_sender)$/;

export class DeliveryFacts {
  private readonly shipments = new Map<string, Shipment>();
  private readonly delivered = new Set<string>();
  private readonly cancelled = new Set<string>();
  /** Online orders not (yet) shipped: a customer asking about one asks about a fact. */
  private readonly placed = new Map<string, { id: string; at: number }>();

  /** Feed one event (oldest first). */
  add(e: TimelineItem, m: EventMeaning, at: number): void {
    const d = e.data;
    const order = str(d['orderNumber']) ?? str(d['orderId']);
    const key = order ?? e.id;
    switch (m.category) {
      case 'purchase':
        if (e.channel === 'purchase' && order && str(d['status']) !== 'cancelled') this.placed.set(order, { id: e.id, at });
        if (str(d['status']) === 'cancelled' && order) this.cancelled.add(order);
        this.fulfillments(e, d, key, at);
        return;
      case 'cancel':
        if (order) this.cancelled.add(order);
        return;
      case 'shipment':
      case 'shipment_delayed': {
        const status = str(d['status']) ?? '';
        if (status === 'delivered') this.delivered.add(key);
        else this.ship(key, e.id, at, expectedOf(d), m.category === 'shipment_delayed' || CARRIER_TROUBLE.test(status), e.type !== EVENT_TYPE.fulfillment || carrierReported(status));
        return;
      }
      case 'shipment_delivered':
      case 'store_pickup':
        if (order || m.category === 'shipment_delivered') this.delivered.add(key);
        return;
    }
  }

  /** A Shopify order item carries its fulfillments (status = shipment status) in data. */
  private fulfillments(e: TimelineItem, d: Record<string, unknown>, key: string, at: number): void {
    const list = Array.isArray(d['fulfillments']) ? (d['fulfillments'] as unknown[]) : [];
    for (const raw of list) {
      if (typeof raw !== 'object' || raw === null) continue;
      const f = raw as Record<string, unknown>;
      const status = str(f['status']) ?? '';
      // fulfillmentSummary keeps shipment_status as `status` when the carrier reported one, else Shopify's own status.
      const tracked = carrierReported(status);
      if (status === 'delivered') {
        this.delivered.add(key);
        continue;
      }
      const shippedAt = Date.parse(str(f['at']) ?? '');
      this.ship(key, e.id, Number.isFinite(shippedAt) ? shippedAt : at, expectedOf(f), CARRIER_TROUBLE.test(status), tracked);
    }
  }

  private ship(key: string, id: string, at: number, expectedMs: number | undefined, delayed: boolean, tracked: boolean): void {
    const prev = this.shipments.get(key);
    const expected = expectedMs ?? prev?.expectedMs;
    this.shipments.set(key, {
      ids: prev ? [...new Set([...prev.ids, id])] : [id],
      shippedAt: Math.min(prev?.shippedAt ?? at, at),
      ...(expected !== undefined ? { expectedMs: expected } : {}),
      delayed: (prev?.delayed ?? false) || delayed,
      tracked: (prev?.tracked ?? false) || tracked,
    });
  }

  /** The latest undelivered order is late by the facts: a promised date passed, a carrier delay, or a week in transit. */
  late(nowMs: number): LateDelivery | null {
    let worst: LateDelivery | null = null;
    for (const [key, s] of this.shipments) {
      if (this.delivered.has(key) || this.cancelled.has(key)) continue;
      // A week in transit is only a fact when something tracks the parcel, and only while news is recent.
      if (s.expectedMs === undefined && !s.delayed && (!s.tracked || nowMs - s.shippedAt > STALE_DAYS * DAY)) continue;
      if (s.expectedMs !== undefined && !s.delayed && nowMs - s.expectedMs > STALE_DAYS * DAY) continue;
      const due = s.expectedMs ?? s.shippedAt + IN_TRANSIT_DAYS * DAY;
      const pastDue = due < nowMs;
      if (!pastDue && !s.delayed) continue;
      const basis: LateBasis = pastDue ? (s.expectedMs !== undefined ? 'promised_date_passed' : 'long_in_transit') : 'carrier_delay';
      const late: LateDelivery = {
        eventIds: [...s.ids],
        daysLate: pastDue ? (nowMs - due) / DAY : 0,
        basis: s.delayed && !pastDue ? 'carrier_delay' : basis,
        daysSinceShipped: (nowMs - s.shippedAt) / DAY,
        shipped: true,
        ...(key.startsWith('evt_') || s.ids.includes(key) ? {} : { orderNumber: key }),
      };
      if (!worst || late.daysLate > worst.daysLate || (late.daysLate === worst.daysLate && s.delayed)) worst = late;
    }
    return worst;
  }

  /** The most recent order still on its way (shipped or placed online in the last 30 days, not delivered). */
  undelivered(nowMs: number): LateDelivery | null {
    let best: LateDelivery | null = null;
    for (const [key, s] of this.shipments) {
      if (this.delivered.has(key) || this.cancelled.has(key) || nowMs - s.shippedAt > 30 * DAY) continue;
      if (!best || s.shippedAt > nowMs - best.daysSinceShipped * DAY) {
        best = { eventIds: [...s.ids], daysLate: 0, basis: 'customer_asks', daysSinceShipped: (nowMs - s.shippedAt) / DAY, shipped: true, ...(s.ids.includes(key) ? {} : { orderNumber: key }) };
      }
    }
    if (best) return best;
    for (const [key, p] of this.placed) {
      if (this.delivered.has(key) || this.cancelled.has(key) || this.shipments.has(key) || nowMs - p.at > 30 * DAY) continue;
      if (!best || p.at > nowMs - best.daysSinceShipped * DAY) best = { eventIds: [p.id], daysLate: 0, basis: 'customer_asks', daysSinceShipped: (nowMs - p.at) / DAY, shipped: false, orderNumber: key };
    }
    return best;
  }
}

/** A Shopify fulfillment's status is a carrier's shipment_status (tracked), not Shopify's own fulfillment status. */
function carrierReported(status: string): boolean {
  return CARRIER_TROUBLE.test(status) || !/^(success|created|pending|open|cancelled|error)?$/.test(status);
}

function expectedOf(d: Record<string, unknown>): number | undefined {
  const v = str(d['expectedDeliveryAt']) ?? str(d['expectedAt']) ?? str(d['estimatedDeliveryAt']) ?? str(d['estimated_delivery_at']);
  const ms = v ? Date.parse(v) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}
