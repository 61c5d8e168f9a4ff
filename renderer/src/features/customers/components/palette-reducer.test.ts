import { describe, expect, it } from 'vitest';
import { isPaletteChord, keyIntent, listReducer } from './palette-reducer.js';

describe('palette keyboard model', () => {
  it('wraps arrows, jumps with Home/End and ignores empty lists', () => {
    let s = { active: 0 };
    const apply = (key: string, count: number) => {
      const i = keyIntent(key, count);
      if (i?.kind === 'list') s = listReducer(s, i.action);
    };
    apply('ArrowUp', 4);
    expect(s.active).toBe(3);
    apply('ArrowDown', 4);
    expect(s.active).toBe(0);
    apply('End', 4);
    expect(s.active).toBe(3);
    apply('Home', 4);
    expect(s.active).toBe(0);
    apply('ArrowDown', 0);
    expect(s.active).toBe(0);
    expect(keyIntent('Enter', 0)).toBeNull();
    expect(keyIntent('Enter', 2)).toEqual({ kind: 'select' });
    expect(keyIntent('Escape', 2)).toEqual({ kind: 'close' });
  });
  it('recognises Ctrl+K and Cmd+K only', () => {
    expect(isPaletteChord({ key: 'k', ctrlKey: true, metaKey: false, altKey: false })).toBe(true);
    expect(isPaletteChord({ key: 'K', ctrlKey: false, metaKey: true, altKey: false })).toBe(true);
    expect(isPaletteChord({ key: 'k', ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isPaletteChord({ key: 'k', ctrlKey: true, metaKey: false, altKey: true })).toBe(false);
  });
});
