import { createHash } from 'node:crypto';

/*
 * What an erased event keeps: the anonymous facts totals are made of (amounts, currencies, statuses,
 * quantities and prices, direction), with order / receipt numbers replaced by a hash so an order and its
 * refunds still group into one order. Names, addresses, messages, emails, attachments' names: gone.
 * Channel, type and dates live in their own columns and stay.
 */

/** Top-level scalar facts kept as they are. */
const KEPT = new Set([
  'total',
  'grossTotal',
  'subtotal',
  'tax',
  'discount',
  'discounted',
  'amount',
  'cartTotal',
  'currency',
  'status',
  'financialStatus',
  'direction',
  'quantity',
  'durationSec',
  'outcome',
  'actionKind',
]);
/** Keys whose value identifies an order or receipt: pseudonymised, so grouping survives. */
const ORDER_KEYS = new Set(['orderNumber', 'orderId', 'receiptNumber', 'originalReceiptNumber']);
/** Arrays of objects whose numeric fields are kept (order lines, refunds). */
const NUMERIC_LISTS = new Set(['lines', 'refunds']);

export function pseudonym(value: string): string {
  return `erased-${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}

export function anonymiseData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { erased: true };
  for (const [k, v] of Object.entries(data)) {
    if (KEPT.has(k) && (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 32))) out[k] = v;
    else if (ORDER_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = pseudonym(String(v));
    else if (NUMERIC_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(numericFields);
  }
  return out;
}

function numericFields(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
  return out;
}

/** Every string in a JSON value equal to (or containing) a secret replaced by its pseudonym: merge records keep their shape. */
export function replaceSecrets(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const secret of secrets) if (secret.length >= 3 && s.includes(secret)) s = s === secret ? pseudonym(secret) : s.split(secret).join(pseudonym(secret));
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecrets(v, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecrets(v, secrets)]));
  return value;
}
