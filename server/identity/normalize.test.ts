import fc from 'fast-check';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../domain.js';
import { identifiersOf, normalizeEmail, normalizeExternalId, normalizeLoyaltyId, normalizeOrderRef, normalizePhone, phoneDigitsKey, reversedDigits } from './normalize.js';

describe('identity normalization', () => {
  it('phones in any format become the same E.164 number', () => {
    const forms = ['(415) 555-0142', '+1 415-555-0142', '4155550142', ' 415.555.0142 ', '+14155550142'];
    expect(new Set(forms.map((f) => normalizePhone(f, 'US')))).toEqual(new Set(['+14155550142']));
  });

  it('uses the default region for numbers without a country code', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhone('+44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958', 'US')).toBeNull();
  });

  it('rejects numbers that are not phone numbers', () => {
    for (const bad of ['12', 'abc', '555 0142', '(555) 123-4567']) expect(normalizePhone(bad, 'US')).toBeNull();
  });

  it('emails are trimmed and lower-cased; non-emails rejected', () => {
    expect(normalizeEmail('  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
    expect(normalizeEmail('ann.lee@example.com')).toBe(normalizeEmail('ANN.LEE@EXAMPLE.COM'));
    for (const bad of ['ann', 'ann@', '@x.com', 'a b@x.com', 'ann@localhost']) expect(normalizeEmail(bad)).toBeNull();
  });

  it('loyalty ids are trimmed and upper-cased; external ids are system:id with the system lower-cased', () => {
    expect(normalizeLoyaltyId(' lc-00123 ')).toBe('LC-00123');
    expect(normalizeExternalId(' Shopify ', ' 7060 ')).toBe('shopify:7060');
    expect(normalizeExternalId('zendesk', 'AbC')).toBe('zendesk:AbC');
    expect(normalizeExternalId('', 'x')).toBeNull();
  });

  it('order numbers drop the leading # and are upper-cased', () => {
    expect(normalizeOrderRef('#a-1001')).toBe('A-1001');
    expect(normalizeOrderRef(1001)).toBe('1001');
    expect(normalizeOrderRef('  ')).toBeNull();
    expect(normalizeOrderRef({})).toBeNull();
  });

  it('reverses phone digits for suffix search', () => {
    expect(reversedDigits('+14155550142')).toBe('24105555141');
  });
});

describe('identifiersOf', () => {
  it('collects every identifier as a kind:value key', () => {
    const ids = identifiersOf({ email: 'A@x.com', phone: '(415) 555-0142', loyaltyId: 'l1', externalIds: { Shopify: '7060' } }, 'US', 'events[0].customer');
    expect(ids.map((i) => i.key)).toEqual(['email:a@x.com', 'phone:+14155550142', 'loyalty:L1', 'external:shopify:7060']);
  });

  it('names the field of a bad identifier with the caller-given path', () => {
    const err = (() => {
      try {
        identifiersOf({ email: 'ann@x.com', phone: 'not a phone' }, 'US', 'events[3].customer');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toBe('events[3].customer.phone');
    expect(() => identifiersOf({ email: 'nope' }, 'US', 'customer')).toThrow(expect.objectContaining({ path: 'customer.email' }));
  });

  it('treats blank values as absent and needs at least one identifier', () => {
    expect(identifiersOf({ email: ' ', phone: '4155550142' }, 'US', 'c').map((i) => i.kind)).toEqual(['phone']);
    expect(() => identifiersOf({ email: '', name: 'x' }, 'US', 'events[1].customer')).toThrow(expect.objectContaining({ path: 'events[1].customer' }));
  });

  it('answers repeated phone numbers the same from its memo, per region', () => {
    for (let round = 0; round < 3; round++) {
      expect(normalizePhone('020 7946 0958', 'GB')).toBe('+442079460958');
      expect(normalizePhone('020 7946 0958', 'US')).toBeNull();
      expect(normalizePhone('(415) 555-0142', 'US')).toBe('+14155550142');
    }
  });

  it('a plainly punctuated number parses exactly as its digits do (what lets the memo share one entry per number)', () => {
    const direct = (raw: string, region: string) => {
      const p = parsePhoneNumberFromString(raw.trim(), region as CountryCode);
      return p?.isValid() ? p.number : null;
    };
    const prefix = fc.constantFrom('', '+', '+1', '+44', '+49 (0)', '+33 ', '(0', '00', '1-', ' ');
    const body = fc.string({ unit: fc.constantFrom(...'0123456789012345678901234567890123456789 .-()'.split('')), minLength: 1, maxLength: 18 });
    const region = fc.constantFrom('US', 'GB', 'DE', 'FR', 'IN', 'BR', 'AU', 'JP');
    fc.assert(
      fc.property(prefix, body, region, (pre, rest, r) => {
        const raw = pre + rest;
        const key = phoneDigitsKey(raw);
        if (key !== null) expect(direct(key, r)).toBe(direct(raw, r));
        expect(normalizePhone(raw, r)).toBe(direct(raw, r));
      }),
      { seed: 20261203, numRuns: 3_000 },
    );
    // Letters, extensions and other punctuation keep their own spelling as the key.
    for (const raw of ['1-800-FLOWERS', '415 555 0142 ext. 12', '+1/415/555/0142']) expect(phoneDigitsKey(raw)).toBeNull();
  });
});
