import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNamePrefixMatch, nameWords, searchName, trigramSimilarity } from './search-name.js';

describe('searchName', () => {
  it('folds case, diacritics and spacing', () => {
    expect(searchName('  José   NÚÑEZ ')).toBe('jose nunez');
    expect(searchName('Zoë Åberg-Ström')).toBe('zoe aberg-strom');
    expect(searchName('ﬁona')).toBe('fiona');
    expect(searchName('100% Real_Name')).toBe('100% real_name');
  });

  it('is idempotent and never longer than the NFKD form, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const once = searchName(s);
        expect(searchName(once)).toBe(once);
        expect(once).toBe(once.toLowerCase());
      }),
    );
  });
});

describe('name matching helpers', () => {
  it('splits words on anything but letters and digits', () => {
    expect(nameWords("o'brien-smith jr.")).toEqual(['o', 'brien', 'smith', 'jr']);
  });

  it('scores trigram similarity like pg_trgm', () => {
    expect(trigramSimilarity('ann lee', 'ann lee')).toBe(1);
    expect(trigramSimilarity('ann', 'ann lee')).toBeCloseTo(0.5);
    expect(trigramSimilarity('ann', 'bob annson')).toBeLessThan(trigramSimilarity('ann', 'ann lee'));
    expect(trigramSimilarity('xyz', 'ann lee')).toBe(0);
  });

  it('knows a name prefix from a substring', () => {
    expect(isNamePrefixMatch('ann lee', 'ann')).toBe(true);
    expect(isNamePrefixMatch('ann lee', 'lee an')).toBe(true);
    expect(isNamePrefixMatch('bob annson', 'nson')).toBe(false);
  });
});
