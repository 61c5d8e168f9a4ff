import { describe, expect, it } from 'vitest';
import { priorityWords } from './priority.js';

describe('priorityWords', () => {
  it('turns a score and rank into words, never digits', () => {
    expect(priorityWords(0.8, 1)).toBe('Do this first');
    expect(priorityWords(0.2, 1)).toBe('If time allows');
    expect(priorityWords(0.6, 2)).toBe('Strong case');
    expect(priorityWords(0.3, 3)).toBe('Worth doing');
    for (let s = 0; s <= 1; s += 0.05) for (const r of [1, 2, 5]) expect(priorityWords(s, r)).not.toMatch(/\d/);
  });
});
