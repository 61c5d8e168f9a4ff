import { describe, expect, it } from 'vitest';
import { compareLevels, FIELDS } from './compare.js';
import { dedupPairs } from './blocking.js';
import { scoreDedup, explain } from './matcher.js';
import { defaultModel, estimateModel } from './fellegi-sunter.js';
import { normalizeRecord, splitFullName } from './record.js';
import { editDistance, jaroWinkler, soundex } from './strings.js';
import { isNickname } from './nicknames.js';

const level = (field: string, a: Parameters<typeof normalizeRecord>[0], b: Parameters<typeof normalizeRecord>[0]) =>
  compareLevels(normalizeRecord(a), normalizeRecord(b))[FIELDS.findIndex((f) => f.field === field)];

describe('string comparators', () => {
  it('Jaro–Winkler, Soundex and edit distance match their textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Rupert')).toBe('R163');
    expect(soundex('Tymczak')).toBe('T522');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(editDistance('1234', '1324')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(isNickname('bob', 'robert')).toBe(true);
    expect(isNickname('liz', 'elizabeth')).toBe(true);
    expect(isNickname('bob', 'william')).toBe(false);
  });
});

describe('field comparisons', () => {
  it('grades names, dates, addresses and ids as agree / partial / disagree / missing', () => {
    expect(level('givenName', { id: 'a', givenName: 'Bill' }, { id: 'b', givenName: 'William' })).toBe(1);
    expect(level('givenName', { id: 'a', givenName: 'Ann' }, { id: 'b' })).toBe(-1);
    expect(level('givenName', { id: 'a', givenName: 'Ann', surname: 'Lee' }, { id: 'b', givenName: 'Lee', surname: 'Ann' })).toBe(2); // swapped
    expect(level('dob', { id: 'a', dob: '19840307' }, { id: 'b', dob: '19840703' })).toBe(1); // day/month transposed
    expect(level('dob', { id: 'a', dob: '19840307' }, { id: 'b', dob: '19480307' })).toBe(1); // adjacent digits transposed
    expect(level('dob', { id: 'a', dob: '19840307' }, { id: 'b', dob: '19621111' })).toBe(0);
    expect(level('address', { id: 'a', address: 'pridham street' }, { id: 'b', address: 'pridhamstreet' })).toBe(2);
    expect(level('address', { id: 'a', address: '12 harbour street bondi' }, { id: 'b', address: 'harbour st bondi' })).toBe(1);
    expect(level('idNumber', { id: 'a', idNumber: '6988048' }, { id: 'b', idNumber: '6988084' })).toBe(1);
    expect(level('phone', { id: 'a', phones: ['+14155550142'] }, { id: 'b', phones: ['4155550142'] })).toBe(1);
    expect(splitFullName('Ann Marie Smith')).toEqual({ givenName: 'ann', surname: 'smith' });
  });
});

describe('blocking + Fellegi–Sunter', () => {
  const people = Array.from({ length: 60 }, (_, i) =>
    normalizeRecord({ id: `p${i}`, givenName: ['ann', 'bob', 'cy', 'di', 'ed', 'flo'][i % 6], surname: `surname${Math.floor(i / 6)}x`, dob: `19${50 + (i % 40)}0${1 + (i % 9)}1${i % 10}`, postcode: `${2000 + i}` }),
  );
  const dups = people.slice(0, 20).map((p, i) => ({ ...p, id: `d${i}`, givenName: i % 2 ? p.givenName : `${p.givenName}e` }));

  it('only compares records sharing a blocking key', () => {
    const recs = [...people, ...dups];
    const pairs = dedupPairs(recs);
    expect(pairs.length / 2).toBeLessThan((recs.length * (recs.length - 1)) / 2 / 4);
  });

  it('EM learns that agreement favours a match, and ranks the planted duplicates on top', () => {
    const recs = [...people, ...dups];
    const { pairs, scores, model } = scoreDedup(recs);
    const dobField = FIELDS.findIndex((f) => f.field === 'dob');
    expect(model.m[dobField]![2]!).toBeGreaterThan(model.u[dobField]![2]!);
    const top = new Set<string>();
    for (let p = 0; p < scores.length; p++) if (scores[p]! >= 0.5) top.add(`${recs[pairs[2 * p]!]!.id}|${recs[pairs[2 * p + 1]!]!.id}`);
    for (let i = 0; i < 20; i++) expect(top.has(`p${i}|d${i}`)).toBe(true);
    expect(top.size).toBe(20);
  });

  it('explains a pair field by field, with weights that sum to the evidence', () => {
    const { evidence, score } = explain(defaultModel(), people[0]!, dups[0]!);
    expect(evidence.find((e) => e.field === 'dob')).toMatchObject({ agreement: 'agree' });
    expect(evidence.find((e) => e.field === 'givenName')).toMatchObject({ ours: 'ann', theirs: 'anne', agreement: 'partial' });
    expect(score).toBeGreaterThan(0.5);
    expect(estimateModel(new Int8Array(0))).toEqual(defaultModel());
  });
});
