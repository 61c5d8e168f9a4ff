import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonDepth } from './json-depth.js';
import { storable, storableCopy, unstorableTextReason } from './storable-text.js';

describe('storable text', () => {
  it('refuses NUL and lone surrogates, naming which', () => {
    expect(unstorableTextReason('a\u0000b')).toMatch(/NUL/);
    expect(unstorableTextReason('lone-\ud800')).toMatch(/lone UTF-16 surrogate \(\\ud800\)/);
    expect(unstorableTextReason('L\udfff')).toMatch(/\\udfff/);
    expect(unstorableTextReason('\udc00\ud800')).not.toBeNull(); // reversed pair
  });
  it('accepts every well-formed string: pairs, emoji, combining marks, both normalization forms', () => {
    for (const s of ['😀', '\ud83d\ude00', '👩‍👩‍👧‍👦', 'é', 'e\u0301', '\u212b', '\u0001', '']) expect(unstorableTextReason(s), s).toBeNull();
  });
  it('a schema field names the problem at its path', () => {
    const S = z.object({ id: storable(z.string().trim().min(1)) });
    const r = S.safeParse({ id: 'lone-\ud800' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['id'] });
    expect(S.parse({ id: ' ok ' })).toEqual({ id: 'ok' });
  });
  it('a display copy replaces only what cannot be stored', () => {
    expect(storableCopy('a\u0000b\ud800c😀')).toBe('a\ufffdb\ufffdc😀');
    expect(storableCopy('plain')).toBe('plain');
  });
});

describe('jsonDepth', () => {
  it('measures without recursion, even 200,000 levels deep', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth([])).toBe(1);
    expect(jsonDepth({ a: [{ b: 1 }] })).toBe(3);
    const n = 200_000;
    const deep: unknown = JSON.parse(`${'['.repeat(n)}${']'.repeat(n)}`);
    expect(jsonDepth(deep, 32)).toBe(33); // stops counting past the limit
    expect(jsonDepth(deep)).toBe(n);
  });
});
