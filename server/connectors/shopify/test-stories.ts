import fc from 'fast-check';

/*
 * Test support (not imported by production code): generated Shopify order stories and the webhook
 * deliveries Shopify would send for them, with the ground truth each order must end in. Each story
 * is a few orders of a few customers in a few currencies: paid at once or later, fulfilled or not,
 * partial / full / several refunds, cancellations (unpaid, or paid and refunded), payloads that do
 * or do not carry their `refunds` array, orders/updated sent beside the specific topic or not.
 */

export interface Delivery {
  topic: string;
  /** X-Shopify-Event-Id: the same for a retry of this delivery. */
  key: string;
  body: Record<string, unknown>;
}

export interface ExpectedOrder {
  orderId: string;
  customer: number;
  currency: string;
  gross: number;
  refunds: number[];
  cancelled: boolean;
  net: number;
  status: 'cancelled' | 'refunded' | 'fulfilled' | 'partially_refunded' | 'paid' | 'pending';
}

interface OrderPlan {
  customer: number;
  currency: string;
  grossCents: number;
  paidAtCreate: boolean;
  paid: boolean;
  fulfilled: boolean;
  /** Refund weights; their amounts split `refundShare` of the gross. */
  refundWeights: number[];
  fullRefund: boolean;
  refundShare: number;
  cancel: boolean;
  gaps: number[];
  sendUpdated: boolean[];
  carryRefunds: boolean;
  failedTransaction: boolean;
  /** Fulfillment position among the refunds. */
  fulfilledAfter: number;
}

const CURRENCIES = ['USD', 'EUR', 'GBP'];

const orderPlanArb = (customers: number): fc.Arbitrary<OrderPlan> =>
  fc.record({
    customer: fc.nat(customers - 1),
    currency: fc.constantFrom(...CURRENCIES),
    grossCents: fc.integer({ min: 100, max: 99_999 }),
    paidAtCreate: fc.boolean(),
    paid: fc.boolean(),
    fulfilled: fc.boolean(),
    refundWeights: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 3 }),
    fullRefund: fc.boolean(),
    refundShare: fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    cancel: fc.boolean(),
    gaps: fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 8, maxLength: 8 }),
    sendUpdated: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    carryRefunds: fc.boolean(),
    failedTransaction: fc.boolean(),
    fulfilledAfter: fc.nat(3),
  });

export interface Story {
  deliveries: Delivery[];
  expected: ExpectedOrder[];
  customers: number;
}

function split(totalCents: number, weights: number[]): number[] {
  const k = Math.min(weights.length, totalCents);
  if (k === 0) return [];
  const w = weights.slice(0, k);
  const sum = w.reduce((a, b) => a + b, 0);
  const parts = w.map((x) => Math.max(1, Math.floor((totalCents * x) / sum)));
  let over = parts.reduce((a, b) => a + b, 0) - totalCents;
  for (let i = parts.length - 1; over !== 0; i = (i - 1 + parts.length) % parts.length) {
    if (over > 0 && parts[i]! > 1) {
      parts[i]!--;
      over--;
    } else if (over < 0) {
      parts[i]!++;
      over++;
    }
  }
  return parts;
}

const money = (cents: number) => (cents / 100).toFixed(2);
const BASE = Date.UTC(2025, 0, 6, 9);

/** All deliveries of one order plan, in the order Shopify would send them, plus its ground truth. */
function orderStory(plan: OrderPlan, run: string, index: number): { deliveries: Delivery[]; expected: ExpectedOrder } {
  const orderId = `${run}${index}`.replace(/\D/g, '') || String(index + 1);
  const paid = plan.paidAtCreate || plan.paid;
  const refundCents = paid ? split(plan.fullRefund ? plan.grossCents : Math.floor(plan.grossCents * plan.refundShare), plan.refundWeights) : [];
  type Action = { kind: 'create' | 'paid' | 'fulfilled' | 'cancel' } | { kind: 'refund'; cents: number; n: number };
  const actions: Action[] = [{ kind: 'create' }];
  if (!plan.paidAtCreate && plan.paid) actions.push({ kind: 'paid' });
  const refunds: Action[] = refundCents.map((cents, n) => ({ kind: 'refund', cents, n }));
  // A paid order that is cancelled is refunded after the cancel (Shopify's "cancel and refund"); otherwise fulfillment goes among the refunds.
  const beforeCancel = plan.cancel && paid ? refunds.slice(0, -1) : refunds;
  const afterCancel = plan.cancel && paid ? refunds.slice(-1) : [];
  const middle: Action[] = [...beforeCancel];
  if (plan.fulfilled && !plan.cancel) middle.splice(Math.min(plan.fulfilledAfter, middle.length), 0, { kind: 'fulfilled' });
  actions.push(...middle);
  if (plan.cancel) actions.push({ kind: 'cancel' }, ...afterCancel);

  const email = `buyer${plan.customer}.${run}@example.com`;
  const customer = { id: Number(`9${run.replace(/\D/g, '')}0${plan.customer}`), email, first_name: 'Buyer', last_name: `No${plan.customer}` };
  const createdAt = new Date(BASE + index * 3_600_000).toISOString();
  let t = BASE + index * 3_600_000;
  let refundedCents = 0;
  let financial = plan.paidAtCreate ? 'paid' : 'pending';
  let fulfillment: string | null = null;
  let cancelledAt: string | null = null;
  const refundBodies: Record<string, unknown>[] = [];
  const deliveries: Delivery[] = [];
  let seq = 0;
  const key = () => `${run}-o${index}-d${seq++}`;
  const snapshot = (updatedAt: string) => ({
    id: Number(orderId),
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: `#${orderId}`,
    email,
    created_at: createdAt,
    updated_at: updatedAt,
    currency: plan.currency,
    presentment_currency: plan.currency,
    total_price: money(plan.grossCents),
    subtotal_price: money(plan.grossCents),
    total_tax: '0.00',
    current_total_price: money(plan.grossCents - refundedCents),
    financial_status: financial,
    fulfillment_status: fulfillment,
    cancelled_at: cancelledAt,
    cancel_reason: cancelledAt ? 'customer' : null,
    line_items: [{ id: 1, title: 'Jacket', quantity: 1, price: money(plan.grossCents), sku: 'J-1' }],
    customer,
    ...(plan.carryRefunds ? { refunds: refundBodies.slice() } : {}),
  });
  actions.forEach((a, i) => {
    t += (plan.gaps[i % plan.gaps.length]! + 1) * 60_000;
    const at = new Date(t).toISOString();
    let topic: string;
    switch (a.kind) {
      case 'create':
        topic = 'orders/create';
        break;
      case 'paid':
        financial = 'paid';
        topic = 'orders/paid';
        break;
      case 'fulfilled':
        fulfillment = 'fulfilled';
        topic = 'orders/fulfilled';
        break;
      case 'cancel':
        cancelledAt = at;
        if (!paid) financial = 'voided';
        topic = 'orders/cancelled';
        break;
      case 'refund': {
        refundedCents += a.cents;
        financial = refundedCents >= plan.grossCents ? 'refunded' : 'partially_refunded';
        const transactions = [
          ...(plan.failedTransaction ? [{ id: 1, kind: 'refund', status: 'failure', amount: money(a.cents), currency: plan.currency }] : []),
          { id: 2, kind: 'refund', status: 'success', amount: money(a.cents), currency: plan.currency },
        ];
        const refund = { id: Number(`${orderId}${a.n + 1}`), order_id: Number(orderId), created_at: at, processed_at: at, note: `refund ${a.n + 1}`, transactions, refund_line_items: [] };
        refundBodies.push(refund);
        deliveries.push({ topic: 'refunds/create', key: key(), body: refund });
        topic = 'orders/updated';
        break;
      }
    }
    const body = snapshot(at);
    // orders/updated goes beside every change, except when the generator drops it (then only the specific topic tells).
    const withUpdated = a.kind !== 'create' && plan.sendUpdated[i % plan.sendUpdated.length]!;
    if (topic !== 'orders/updated') deliveries.push({ topic, key: key(), body });
    if (withUpdated) deliveries.push({ topic: 'orders/updated', key: key(), body });
  });

  const refundsTotal = refundCents.reduce((a, b) => a + b, 0);
  const cancelled = plan.cancel;
  const status: ExpectedOrder['status'] = cancelled
    ? 'cancelled'
    : paid && refundsTotal >= plan.grossCents
      ? 'refunded'
      : plan.fulfilled
        ? 'fulfilled'
        : refundsTotal > 0
          ? 'partially_refunded'
          : paid
            ? 'paid'
            : 'pending';
  return {
    deliveries,
    expected: {
      orderId,
      customer: plan.customer,
      currency: plan.currency,
      gross: plan.grossCents / 100,
      refunds: refundCents.map((c) => c / 100),
      cancelled,
      net: cancelled ? 0 : (plan.grossCents - refundsTotal) / 100,
      status,
    },
  };
}

let runs = 0;

/**
 * A story and one arrival of its deliveries: shuffled across orders (Shopify does not guarantee
 * order), with retries of random deliveries at random later points.
 */
export const storyArb: fc.Arbitrary<Story & { arrival: Delivery[] }> = fc
  .integer({ min: 1, max: 3 })
  .chain((customers) =>
    fc.record({
      customers: fc.constant(customers),
      plans: fc.array(orderPlanArb(customers), { minLength: 1, maxLength: 4 }),
      order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
      retries: fc.array(fc.tuple(fc.nat(59), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 8 }),
      // Refunds first: they arrive before any delivery of their order (and are held until it comes).
      refundsEarly: fc.boolean(),
    }),
  )
  .map(({ customers, plans, order, retries, refundsEarly }) => {
    const run = `r${++runs}`;
    const stories = plans.map((p, i) => orderStory(p, run, i));
    const deliveries = stories.flatMap((s) => s.deliveries);
    const ranked = deliveries.map((d, i) => ({ d, r: order[i % order.length]! - (refundsEarly && d.topic === 'refunds/create' ? 1 : 0) + i * 1e-9 }));
    for (const [i, r] of retries) if (deliveries.length) ranked.push({ d: deliveries[i % deliveries.length]!, r });
    const arrival = ranked.sort((a, b) => a.r - b.r).map((x) => x.d);
    return { customers, deliveries, expected: stories.map((s) => s.expected), arrival };
  });
