import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { exactIdentifier, ownerOfEmail, rankExactFirst } from './palette-exact.js';

const customer = (id: string, ids: Partial<Pick<CustomerSummary, 'emails' | 'phones' | 'loyaltyIds' | 'externalIds'>>): CustomerSummary => ({
  id,
  displayName: `Customer ${id}`,
  emails: [],
  phones: [],
  loyaltyIds: [],
  externalIds: [],
  lastActivityAt: null,
  eventCount: 1,
  ...ids,
});

/** The ways agents and scanners write one North American number. */
const nanpFormats = (area: string, exchange: string, line: string): string[] => [
  `+1${area}${exchange}${line}`,
  `+1 ${area} ${exchange} ${line}`,
  `+1 (${area}) ${exchange}-${line}`,
  `1${area}${exchange}${line}`,
  `${area}${exchange}${line}`,
  `(${area}) ${exchange}-${line}`,
  `${area}.${exchange}.${line}`,
  `${area}-${exchange}-${line}`,
  `${area}/${exchange} ${line}`,
];
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const nanp = fc.tuple(fc.integer({ min: 2, max: 9 }), digits(2), fc.integer({ min: 2, max: 9 }), digits(2), digits(4)).map(([a, a2, e, e2, line]) => ({ area: `${a}${a2}`, exchange: `${e}${e2}`, line }));

describe('exact identifier', () => {
  it('any written form of a stored phone names it; a different number or a short tail does not', () => {
    fc.assert(
      fc.property(nanp, nanp, ({ area, exchange, line }, other) => {
        const c = customer('c', { phones: [`+1${area}${exchange}${line}`] });
        for (const typed of nanpFormats(area, exchange, line)) expect(exactIdentifier(typed, c)).toBe('phone');
        const otherE164 = `+1${other.area}${other.exchange}${other.line}`;
        if (otherE164 !== c.phones[0]) for (const typed of nanpFormats(other.area, other.exchange, other.line)) expect(exactIdentifier(typed, c)).toBeNull();
        expect(exactIdentifier(`${exchange}-${line}`, c)).toBeNull(); // 7 digits: a fragment, not the number
        expect(exactIdentifier(line, c)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('national numbers with a trunk 0 match their E.164 form; a + demands every digit', () => {
    const uk = customer('uk', { phones: ['+442079460958'] });
    expect(exactIdentifier('020 7946 0958', uk)).toBe('phone');
    expect(exactIdentifier('+44 20 7946 0958', uk)).toBe('phone');
    expect(exactIdentifier('+1 20 7946 0958', uk)).toBeNull();
    expect(exactIdentifier('+2079460958', uk)).toBeNull();
  });

  it('a loyalty card with or without its letter prefix, in any case and with any separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2,4}$/), digits(6), fc.constantFrom('-', '', ' ', '_'), (prefix, number, sep) => {
        const c = customer('c', { loyaltyIds: [`${prefix}${sep}${number}`] });
        expect(exactIdentifier(number, c)).toBe('loyalty');
        expect(exactIdentifier(`${prefix}-${number}`, c)).toBe('loyalty');
        expect(exactIdentifier(`${prefix.toLowerCase()}${number}`, c)).toBe('loyalty');
        const otherCard = `${number.slice(1)}9`;
        if (otherCard !== number) expect(exactIdentifier(otherCard, c)).toBeNull();
        expect(exactIdentifier(`${number}0`, c)).toBeNull(); // a longer card is another card
      }),
      { numRuns: 300 },
    );
  });

  it('emails case-insensitively, external ids whole or by id; prefixes are not exact', () => {
    const c = customer('c', { emails: ['Maya.Chen@Example.com'], externalIds: [{ system: 'shopify', id: '7060' }] });
    expect(exactIdentifier('  maya.chen@example.COM ', c)).toBe('email');
    expect(exactIdentifier('maya.chen@example.co', c)).toBeNull();
    expect(exactIdentifier('Shopify:7060', c)).toBe('external');
    expect(exactIdentifier('7060', c)).toBe('external');
    expect(exactIdentifier('706', c)).toBeNull();
    expect(exactIdentifier('', c)).toBeNull();
  });

  it('ranks exact matches first and keeps the hub order for the rest', () => {
    const list = [customer('a', { loyaltyIds: ['LOY-100042'] }), customer('b', { loyaltyIds: ['LOY-1000'] }), customer('c', { loyaltyIds: ['LOY-10001'] })];
    expect(rankExactFirst('LOY-1000', list).map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(rankExactFirst('LOY-10', list).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('the owner of a whole typed email', () => {
  it('names the one customer holding that email, in any case, and nobody for a prefix, a non-email or two holders', () => {
    const list = [customer('a', { emails: ['Cust12@Example.com'] }), customer('b', { emails: ['cust123@example.com'], loyaltyIds: ['LOY-12'] })];
    expect(ownerOfEmail(' cust12@example.COM ', list)).toBe('a');
    expect(ownerOfEmail('cust12@example.co', list)).toBeNull();
    expect(ownerOfEmail('LOY-12', list)).toBeNull();
    expect(ownerOfEmail('cust12@example.com', [...list, customer('c', { emails: ['cust12@example.com'] })])).toBeNull();
    expect(ownerOfEmail('cust12@example.com', [])).toBeNull();
  });
});
