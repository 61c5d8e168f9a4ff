import { z } from 'zod';
import { EVENT_TYPE, IsoDateTimeSchema, moneyWords, storable, type IngestEvent } from '../../../shared/index.js';
import { parseInput } from '../../errors.js';
import { clip, cleanRef, parseJson, round2 } from '../common.js';
import { ConnectorError, type Connector } from '../types.js';
import { maskPan, panPaths } from './pan.js';

const SOURCE = 'pos';

const LineSchema = z.object({
  sku: z.string().trim().max(128).optional(),
  title: z.string().trim().min(1).max(500),
  quantity: z.number().finite(),
  unitPrice: z.number().finite(),
});

/** One POS transaction: a sale, a return, or a pickup of an order bought elsewhere. */
export const PosPayloadSchema = z
  .object({
    storeId: storable(z.string().trim().min(1).max(64)),
    storeName: z.string().trim().max(200).optional(),
    associate: z.string().trim().max(200).optional(),
    receiptNumber: storable(z.string().trim().min(1).max(128)),
    type: z.enum(['sale', 'return', 'pickup']).default('sale'),
    occurredAt: IsoDateTimeSchema,
    customer: z.object({
      loyaltyId: storable(z.string().trim().max(128)).optional(),
      email: storable(z.string().trim().max(320)).optional(),
      phone: storable(z.string().trim().max(64)).optional(),
      name: storable(z.string().trim().max(256)).optional(),
    }),
    lines: z.array(LineSchema).max(1000).default([]),
    subtotal: z.number().finite().optional(),
    tax: z.number().finite().optional(),
    discount: z.number().finite().optional(),
    total: z.number().finite(),
    currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'must be a 3-letter ISO 4217 code'),
    payment: z
      .object({
        method: z.string().trim().max(64).optional(),
        cardBrand: z.string().trim().max(32).optional(),
        cardLast4: z.string().regex(/^\d{4}$/, 'only the last 4 digits of a card are accepted').optional(),
      })
      .strict()
      .optional(),
    /** Returns: the sale being returned. Pickups: the online order picked up. */
    originalReceiptNumber: z.string().trim().max(128).optional(),
    orderNumber: z.string().trim().max(128).optional(),
  })
  .strict();
export type PosPayload = z.infer<typeof PosPayloadSchema>;

/** Refuses any payload carrying something that looks like a full card number, naming where. */
export function assertNoPan(value: unknown): void {
  const paths = panPaths(value);
  if (paths.length) {
    throw new ConnectorError(
      'invalid_request',
      'payload contains what looks like a full card number (PAN); send payment.cardLast4 only',
      paths.map((path) => ({ path, message: 'looks like a full card number; only the last 4 digits are accepted' })),
    );
  }
}

export function posEvent(p: PosPayload, region: string): IngestEvent {
  const ref = cleanRef(p.customer, region);
  if (!ref) throw new ConnectorError('invalid_request', 'customer has no usable identifier (loyaltyId, email or phone); anonymous sales are not timeline events', [{ path: 'customer', message: 'no valid loyalty id, email or phone' }]);
  const currency = p.currency.toUpperCase();
  const visitType = p.type === 'sale' ? 'purchase' : p.type;
  const total = round2(Math.abs(p.total));
  const data = {
    storeId: p.storeId,
    ...(p.storeName ? { storeName: p.storeName } : {}),
    ...(p.associate ? { associate: p.associate } : {}),
    visitType,
    receiptNumber: p.receiptNumber,
    // Pickups were paid elsewhere (the online order): their amount is not spend again.
    ...(p.type === 'pickup' ? { orderTotal: total } : { total }),
    currency,
    lines: p.lines,
    ...(p.subtotal !== undefined ? { subtotal: p.subtotal } : {}),
    ...(p.tax !== undefined ? { tax: p.tax } : {}),
    ...(p.discount !== undefined ? { discount: p.discount } : {}),
    ...(p.payment ? { payment: p.payment } : {}),
    ...(p.originalReceiptNumber ? { originalReceiptNumber: p.originalReceiptNumber } : {}),
    ...(p.orderNumber ? { orderNumber: p.orderNumber } : {}),
  };
  const where = p.storeName ?? `store ${p.storeId}`;
  const label = p.type === 'sale' ? 'Purchase' : p.type === 'return' ? 'Return' : 'Pickup';
  return {
    source: SOURCE,
    sourceEventId: `${p.storeId}:${p.type}:${p.receiptNumber}`,
    channel: 'store',
    type: p.type === 'sale' ? EVENT_TYPE.storePurchase : p.type === 'return' ? EVENT_TYPE.storeReturn : EVENT_TYPE.storePickup,
    occurredAt: p.occurredAt,
    customer: ref,
    summary: clip(`${label} at ${where} · ${moneyWords(total, currency)} · receipt ${p.receiptNumber}`),
    data,
  };
}

/** `POST /api/v1/connectors/pos`: one transaction, or `{ transactions: [...] }`. */
export const posConnector: Connector = {
  name: 'pos',
  async handle(req, ctx) {
    const body = parseJson(req.body);
    assertNoPan(body);
    const batch = body !== null && typeof body === 'object' && 'transactions' in body;
    const list = batch ? parseInput(z.object({ transactions: z.array(PosPayloadSchema).min(1).max(1000) }).strict(), body).transactions : [parseInput(PosPayloadSchema, body)];
    return { events: list.map((p) => posEvent(p, ctx.settings.defaultRegion)) };
  },
  redact: (body) => Buffer.from(maskPan(body.toString('utf8')), 'utf8'),
};
