import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { enterIntent } from './palette-reducer.js';
import { paletteStatus, type PaletteSearch } from './palette-status.js';

const row = (id: string): CustomerSummary => ({ id, displayName: id, emails: [], phones: [], loyaltyIds: [], externalIds: [], lastActivityAt: null, eventCount: 0 });
const query = fc.string({ maxLength: 12 }).map((s) => s.trim());
const notReady: fc.Arbitrary<PaletteSearch> = fc.oneof(
  query.map((q) => ({ phase: 'loading' as const, query: q })),
  fc.tuple(query, fc.boolean()).map(([q, retrying]) => ({ phase: 'unreachable' as const, query: q, retrying })),
  query.map((q) => ({ phase: 'error' as const, query: q, message: 'The hub answered 503' })),
);
const ready: fc.Arbitrary<PaletteSearch> = fc.tuple(query, fc.nat(20)).map(([q, n]) => ({ phase: 'ready' as const, query: q, results: Array.from({ length: n }, (_, i) => row(`c${i}`)) }));

describe('palette status line', () => {
  it('never counts or calls anything a match unless it is the answer to the current text', () => {
    fc.assert(
      fc.property(notReady, (s) => {
        expect(paletteStatus(s)).not.toMatch(/\d+ (matching|recently active) customer/);
      }),
    );
    expect(paletteStatus({ phase: 'loading', query: 'maya' })).toBe('Searching…');
    expect(paletteStatus({ phase: 'unreachable', query: 'maya', retrying: true })).toMatch(/Can’t reach the hub/);
    expect(paletteStatus({ phase: 'unreachable', query: 'maya', retrying: false })).toMatch(/Can’t reach the hub/);
  });

  it('counts a ready answer as matches (or recent customers for an empty field)', () => {
    expect(paletteStatus({ phase: 'ready', query: 'ann', results: [row('a'), row('b')] })).toBe('2 matching customers');
    expect(paletteStatus({ phase: 'ready', query: 'ann', results: [row('a')] })).toBe('1 matching customer');
    expect(paletteStatus({ phase: 'ready', query: '', results: [row('a'), row('b')] })).toBe('2 recently active customers');
    expect(paletteStatus({ phase: 'ready', query: 'zed', results: [] })).toBe('No customers match “zed”');
  });
});

describe('Enter', () => {
  it('waits unless the answer shown is for exactly the text in the field', () => {
    fc.assert(
      fc.property(fc.oneof(notReady, ready), query, fc.nat(30), (s, typed, active) => {
        const intent = enterIntent(typed, s, active);
        if (s.phase !== 'ready' || s.query !== typed) expect(intent).toEqual({ kind: 'wait' });
        else if (s.results.length === 0) expect(intent).toEqual({ kind: 'none' });
        else expect(intent).toEqual({ kind: 'open', index: Math.min(active, s.results.length - 1) });
      }),
      { numRuns: 500 },
    );
  });
});
