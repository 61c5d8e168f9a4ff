import { describe, expect, it } from 'vitest';
import { cleanQuery, planSearch } from './search-plan.js';

const plan = (q: string) => planSearch(q, 'US');

describe('planSearch', () => {
  it('never searches names for an email, phone, card, order or external id', () => {
    for (const q of ['ann@example.com', 'dee@', '(415) 555-0142', '+44 20 7946 0958', '555.0142', 'LOY-100042', 'lc-777', '100042', '#10042', 'shopify:7060', 'B123']) {
      expect(plan(q).name, q).toEqual({ kind: 'none' });
    }
  });

  it('searches names by trigram from 3 characters, by prefix below', () => {
    expect(plan('Ann Lee').name).toEqual({ kind: 'trigram', folded: 'ann lee', indexed: ['ann', 'lee'], filtered: [] });
    expect(plan('ann l').name).toEqual({ kind: 'trigram', folded: 'ann l', indexed: ['ann'], filtered: ['l'] });
    expect(plan('an').name).toEqual({ kind: 'prefix', folded: 'an' });
    expect(plan('a b').name).toEqual({ kind: 'prefix', folded: 'a b' });
    expect(plan('ÉLA').name).toEqual({ kind: 'trigram', folded: 'ela', indexed: ['ela'], filtered: [] });
  });

  it('normalizes a phone in any format to one exact E.164 lookup plus a digit suffix', () => {
    for (const q of ['(415) 555-0142', '415.555.0142', '+1 415 555 0142', '4155550142']) {
      const p = plan(q);
      expect(p.identifierPrefixes, q).toContainEqual({ kind: 'phone', prefix: '+14155550142' });
      // Whatever digits were typed, reversed: "(415) 555-0142" is a suffix of the stored +14155550142.
      expect(p.suffixes, q).toContain(q.replace(/\D/g, '').split('').reverse().join(''));
      expect(p.isExactIdentifier('phone', '+14155550142'), q).toBe(true);
    }
  });

  it('treats a loyalty card with or without its prefix as the same card', () => {
    expect(plan('100042').isExactIdentifier('loyalty', 'LOY-100042')).toBe(true);
    expect(plan('LOY-100042').isExactIdentifier('loyalty', '100042')).toBe(true);
    expect(plan('loy-100042').isExactIdentifier('loyalty', 'LOY-100042')).toBe(true);
    expect(plan('B123').isExactIdentifier('loyalty', 'LOY-B123')).toBe(true);
    expect(plan('100042').isExactIdentifier('loyalty', 'LOY-1100042')).toBe(false);
    expect(plan('LOY-100042').identifierPrefixes).toContainEqual({ kind: 'loyalty', prefix: '100042', exact: true });
  });

  it('reads order and receipt numbers with or without #', () => {
    expect(plan('#10042').orderPrefix).toBe('10042');
    expect(plan('#10042').identifierPrefixes).toEqual([]);
    expect(plan('10042').orderPrefix).toBe('10042');
    expect(plan('R-5521').orderPrefix).toBe('R-5521');
    expect(plan('r-5521').isExactOrder('R-5521')).toBe(true);
  });

  it('reads system:id as an external id', () => {
    const p = plan('Shopify:7060');
    expect(p.identifierPrefixes).toEqual([{ kind: 'external', prefix: 'shopify:7060' }]);
    expect(p.isExactIdentifier('external', 'shopify:7060')).toBe(true);
    expect(plan('7060').isExactIdentifier('external', 'shopify:7060')).toBe(true);
  });
});

describe('cleanQuery', () => {
  it('turns control characters into spaces and lone surrogates into U+FFFD, keeping pairs', () => {
    expect(cleanQuery(' a\u0000b\tc ')).toBe('a b c');
    expect(cleanQuery('\uD800x\uDFFF')).toBe('\uFFFDx\uFFFD');
    expect(cleanQuery('😀 ok')).toBe('😀 ok');
  });
});
