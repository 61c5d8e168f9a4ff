import { describe, expect, it } from 'vitest';
import { compareLevels, FIELDS } from './compare.js';
import { dedupPairs } from './blocking.js';
import { scoreDedup, explain } from './matcher.js';
import { defaultModel, estimateModel } from './fellegi-sunter.js';
import { normalizeRecord, splitFullName } from './record.js';
import { editDistance, jaroWinkler, soundex } from './strings.js';
import { isNickname } from './nicknames.js';
import { generateHouseholds } from './synthetic/households.js';

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
    expect(splitFullName('Ann Marie Smith')).toEqual({ givenName: 'ann', surname: 'smith', suffix: '' });
    expect(splitFullName('Robert Smith Jr.')).toEqual({ givenName: 'robert', surname: 'smith', suffix: 'jr' });
    expect(normalizeRecord({ id: 'x', givenName: 'JosÃ©', surname: 'Garc1a Sr', dob: 'l984-O3-07' })).toMatchObject({ givenName: 'jose', surname: 'garcla', suffix: 'sr', dob: '19840307' });
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

  it('suggests a Robert/Bob pair in a two-customer hub: small data scores with the prior model, not EM', () => {
    const rob = normalizeRecord({ id: 'a', givenName: 'Robert', surname: 'Okafor', dob: '1970-02-03', postcode: '94110' });
    const bob = normalizeRecord({ id: 'b', givenName: 'Bob', surname: 'Okafor', dob: '1970-02-03', postcode: '94110' });
    const alone = scoreDedup([rob, bob]);
    expect(alone.model).toEqual(defaultModel());
    expect(alone.scores[0]).toBeGreaterThan(0.9);
    // An unrelated third record changes nothing.
    const withThird = scoreDedup([rob, bob, normalizeRecord({ id: 'c', givenName: 'Zed', surname: 'Quinn', dob: '1990-01-01', postcode: '10001' })]);
    expect(withThird.scores[0]).toBe(alone.scores[0]);
  });

  it('keeps household members apart and finds movers (prior model)', () => {
    const m = defaultModel();
    const home = { streetNumber: '12', address: 'Oak Avenue', locality: 'Salem', postcode: '97301', state: 'OR', sharedIds: ['LC-1'] };
    const p = (id: string, over: Parameters<typeof normalizeRecord>[0] extends infer T ? Partial<T> : never) => normalizeRecord({ id, surname: 'Lee', ...home, ...over });
    const score = (a: ReturnType<typeof p>, b: ReturnType<typeof p>) => explain(m, a, b).score;
    // Partners, twins with brother/sister names, father and son: same address and card, different people.
    expect(score(p('a', { givenName: 'Ann', dob: '1980-04-02' }), p('b', { givenName: 'Bob', dob: '1978-11-30' }))).toBeLessThan(0.05);
    expect(score(p('a', { givenName: 'Eric', dob: '2001-06-01' }), p('b', { givenName: 'Erica', dob: '2001-06-01' }))).toBeLessThan(0.5);
    expect(score(p('a', { givenName: 'Paul', surname: 'Lee Sr', dob: '1950-01-01' }), p('b', { givenName: 'Paul', surname: 'Lee Jr.', dob: '' }))).toBeLessThan(0.5);
    // Without any person-level evidence (no given name, no birth date) a shared address is not enough.
    expect(score(p('a', {}), p('b', {}))).toBeLessThan(0.5);
    // A mover: same name and birth date, new address and postcode, a familiar form of the name.
    const moved = normalizeRecord({ id: 'm', givenName: 'Walt', surname: 'Lee', dob: '1980-04-02', streetNumber: '7', address: 'Pine Road', locality: 'Bristol', postcode: '02809', state: 'RI' });
    expect(score(p('a', { givenName: 'Walter', dob: '1980-04-02' }), moved)).toBeGreaterThan(0.5);
  });

  it('bounds what EM may learn: household fields stay weak, given-name and birth-date disagreement stay strong', () => {
    const { model } = scoreDedup(generateHouseholds({ seed: 3, people: 1200 }).records);
    const w = (field: string) => model.w[FIELDS.findIndex((f) => f.field === field)]!;
    for (const f of ['streetNumber', 'address', 'locality', 'postcode', 'state', 'sharedId']) expect(w(f)[2]).toBeLessThanOrEqual(1.5);
    expect(w('givenName')[0]).toBeLessThanOrEqual(-6.5);
    expect(w('dob')[0]).toBeLessThanOrEqual(-5);
    for (const f of FIELDS.map((x) => x.field)) expect(w(f)[0]).toBeLessThanOrEqual(w(f)[2]!);
  });

  it('explains a pair field by field, with weights that sum to the evidence', () => {
    const { evidence, score } = explain(defaultModel(), people[0]!, dups[0]!);
    expect(evidence.find((e) => e.field === 'dob')).toMatchObject({ agreement: 'agree' });
    expect(evidence.find((e) => e.field === 'givenName')).toMatchObject({ ours: 'ann', theirs: 'anne', agreement: 'partial' });
    expect(score).toBeGreaterThan(0.5);
    expect(estimateModel(new Int8Array(0))).toEqual(defaultModel());
  });
});
