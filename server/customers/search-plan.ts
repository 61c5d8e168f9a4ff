import { normalizeEmail, normalizeOrderRef, normalizePhone, reversed, reversedDigits } from '../identity/normalize.js';
import type { IdentifierKind } from '../storage/schema.js';
import { searchName } from './search-name.js';

/*
 * What a search query is, decided before any SQL runs: which index lookups can answer it, and which
 * identifier values count as an exact hit. A query that is clearly an email, phone, loyalty, order or
 * external id never reaches the name index.
 */

/** Shortest name query the trigram index can answer (one trigram); shorter ones match name prefixes only. */
export const MIN_TRIGRAM = 3;

export type NameLookup =
  | { kind: 'none' }
  /** Whole-name prefix (B-tree). */
  | { kind: 'prefix'; folded: string }
  /** Terms of at least MIN_TRIGRAM chars through the trigram index, shorter terms as substring filters. */
  | { kind: 'trigram'; folded: string; indexed: string[]; filtered: string[] };

export interface SearchPlan {
  name: NameLookup;
  /** identifiers(kind, value) ranges: values starting with `prefix` (or equal to it when `exact`). */
  identifierPrefixes: { kind: IdentifierKind; prefix: string; exact?: true }[];
  /** identifiers.rev ranges: phones ending in these digits, loyalty and external ids ending in this text. */
  suffixes: string[];
  /** event_refs 'order' range (order and receipt numbers). */
  orderPrefix: string | null;
  /** Whether a found identifier is what was asked for, not just a prefix or suffix of it. */
  isExactIdentifier(kind: IdentifierKind, value: string): boolean;
  /** Whether a found order/receipt number is exactly the query's. */
  isExactOrder(value: string): boolean;
}

const NUMBER_CHARS = /^[#\d\s()+\-./]+$/;
/** A loyalty card prefix: letters and an optional separator, as in LOY-100042. */
const CARD_PREFIX = /^\p{L}+[-_ ]?/u;
/** PREFIX-number as typed from a card: LOY-100042, lc-777, B123. */
const CARD_NUMBER = /^\p{L}+[-_ ]?(\d+)$/u;

const idPart = (external: string) => external.slice(external.indexOf(':') + 1);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Control characters (NUL included) become spaces and lone surrogates U+FFFD: no index or driver chokes on the rest. */
export function cleanQuery(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(LONE_SURROGATE, '\uFFFD').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

export function planSearch(rawQuery: string, defaultRegion: string): SearchPlan {
  const q = cleanQuery(rawQuery);
  const upper = q.toUpperCase();
  const lower = q.toLowerCase();
  const order = normalizeOrderRef(q);
  const plan: SearchPlan = {
    name: { kind: 'none' },
    identifierPrefixes: [],
    suffixes: [],
    orderPrefix: null,
    isExactIdentifier: () => false,
    isExactOrder: (v) => v === order,
  };
  if (q === '') return plan;

  if (q.includes('@')) {
    plan.identifierPrefixes.push({ kind: 'email', prefix: lower });
    const email = normalizeEmail(q);
    plan.isExactIdentifier = (kind, v) => kind === 'email' && v === email;
    return plan;
  }

  const colon = q.indexOf(':');
  if (colon > 0 && !/\s/.test(q.slice(0, colon))) {
    // `system:id`: an external id.
    const value = `${q.slice(0, colon).toLowerCase()}:${q.slice(colon + 1).trim()}`;
    plan.identifierPrefixes.push({ kind: 'external', prefix: value });
    plan.isExactIdentifier = (kind, v) => kind === 'external' && v === value;
    return plan;
  }

  if (q.startsWith('#')) {
    // "#10042": an order or receipt number.
    plan.orderPrefix = order;
    return plan;
  }

  const hasDigit = /\d/.test(q);
  if (hasDigit && NUMBER_CHARS.test(q)) {
    // Digits and punctuation: a phone, an order/receipt number, or a card or external id's number.
    const digits = q.replace(/\D/g, '');
    const phone = normalizePhone(q, defaultRegion);
    if (phone) plan.identifierPrefixes.push({ kind: 'phone', prefix: phone });
    // Trailing digits: "555 0142" and "(415) 555-0142" end the same way; "100042" ends LOY-100042.
    if (digits.length >= 4) plan.suffixes.push(reversedDigits(digits));
    else plan.suffixes.push(reversed(`:${digits}`));
    plan.identifierPrefixes.push({ kind: 'loyalty', prefix: upper });
    plan.orderPrefix = order;
    plan.isExactIdentifier = (kind, v) =>
      (kind === 'phone' && v === phone) || (kind === 'loyalty' && (v === upper || v.replace(CARD_PREFIX, '') === digits)) || (kind === 'external' && idPart(v) === digits);
    return plan;
  }

  const oneToken = !/\s/.test(q);
  if (oneToken && hasDigit && /\p{L}/u.test(q)) {
    // Letters and digits in one token (LOY-100042, lc-777, A1001): a card, order or external id.
    const bare = CARD_NUMBER.exec(upper)?.[1] ?? null;
    plan.identifierPrefixes.push({ kind: 'loyalty', prefix: upper });
    // The same card stored without its prefix.
    if (bare) plan.identifierPrefixes.push({ kind: 'loyalty', prefix: bare, exact: true });
    plan.suffixes.push(reversed(upper), reversed(`:${q}`));
    plan.orderPrefix = order;
    const sameCard = (v: string) => v === upper || v.replace(CARD_PREFIX, '') === upper || (bare !== null && (v === bare || v.replace(CARD_PREFIX, '') === bare));
    plan.isExactIdentifier = (kind, v) => (kind === 'loyalty' && sameCard(v)) || (kind === 'external' && idPart(v) === q);
    return plan;
  }

  // Anything else is (also) a name: every whitespace-separated term must be a substring of it.
  const folded = searchName(q);
  const terms = folded.split(' ').filter(Boolean).slice(0, 6);
  const indexed = terms.filter((t) => t.length >= MIN_TRIGRAM);
  if (folded.length < MIN_TRIGRAM || indexed.length === 0) plan.name = { kind: 'prefix', folded };
  else plan.name = { kind: 'trigram', folded, indexed, filtered: terms.filter((t) => t.length < MIN_TRIGRAM) };
  if (oneToken) {
    // "bob" is also the start of bob@example.com; "ab" of a card; "x7060" the id part of an external id.
    plan.identifierPrefixes.push({ kind: 'email', prefix: lower }, { kind: 'loyalty', prefix: upper });
    plan.suffixes.push(reversed(`:${q}`));
    plan.isExactIdentifier = (kind, v) => (kind === 'loyalty' && v === upper) || (kind === 'external' && idPart(v) === q);
  }
  return plan;
}
