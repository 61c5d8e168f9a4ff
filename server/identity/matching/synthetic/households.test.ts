import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { generateHouseholds } from './households.js';

/*
 * The household generator (deterministic, with ground truth) and the matcher's quality on it for several seeds:
 * precision >= 0.97 and F1 >= 0.90 at the default threshold (issue 9). Reduced size here; full size in
 * `npm run eval:identity -- --synthetic households --seed 1..5`.
 */

describe('household generator', () => {
  it('is deterministic per seed and carries the hard cases', () => {
    const a = generateHouseholds({ seed: 7, people: 600 });
    const b = generateHouseholds({ seed: 7, people: 600 });
    expect(b.raw).toEqual(a.raw);
    expect(generateHouseholds({ seed: 8, people: 600 }).raw).not.toEqual(a.raw);
    expect(a.people).toBe(600);
    expect(a.records.length).toBeGreaterThan(1000);
    const byEntity = new Map<string, typeof a.raw>();
    for (const r of a.raw) byEntity.set(r.entity, [...(byEntity.get(r.entity) ?? []), r]);
    // Households: one card shared by several people; twins (two people, one birth date, one address); Jr/Sr.
    const cardHolders = new Map<string, Set<string>>();
    for (const r of a.raw) for (const c of r.sharedIds ?? []) cardHolders.set(c, (cardHolders.get(c) ?? new Set()).add(r.entity));
    expect([...cardHolders.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
    const dobSurname = new Map<string, Set<string>>();
    for (const r of a.records) if (r.dob) dobSurname.set(`${r.dob}|${r.surname}|${r.postcode}`, (dobSurname.get(`${r.dob}|${r.surname}|${r.postcode}`) ?? new Set()).add(r.entity));
    expect([...dobSurname.values()].filter((s) => s.size > 1).length).toBeGreaterThan(5);
    expect(a.records.some((r) => r.suffix === 'jr') && a.records.some((r) => r.suffix === 'sr')).toBe(true);
    // Noise: mojibake in the raw input, repaired by normalization.
    expect(a.raw.some((r) => /Ã/.test(`${r.givenName}${r.surname}`))).toBe(true);
  });
});

describe('matcher on household-heavy data', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: precision >= 0.97 and F1 >= 0.90 at the default threshold', (seed) => {
    const e = evaluate(generateHouseholds({ seed, people: 1200 }).records);
    expect(e.pairCompleteness).toBeGreaterThan(0.97);
    expect(e.atDefault.precision).toBeGreaterThanOrEqual(0.97);
    expect(e.atDefault.f1).toBeGreaterThanOrEqual(0.9);
  });
});
