/*
 * Keyboard model of the command palette (and any result list): pure, so it is tested without a DOM.
 * Arrow keys wrap, Home/End jump, Enter selects, Escape closes.
 */

import type { PaletteSearch } from './palette-status.js';

export interface ListState {
  active: number;
}

export type ListAction = { type: 'move'; delta: number; count: number } | { type: 'first' } | { type: 'last'; count: number } | { type: 'set'; index: number } | { type: 'reset' };

export function listReducer(s: ListState, a: ListAction): ListState {
  switch (a.type) {
    case 'move':
      if (a.count <= 0) return s.active === 0 ? s : { active: 0 };
      return { active: (((s.active + a.delta) % a.count) + a.count) % a.count };
    case 'first':
      return { active: 0 };
    case 'last':
      return { active: Math.max(0, a.count - 1) };
    case 'set':
      return s.active === a.index ? s : { active: a.index };
    case 'reset':
      return s.active === 0 ? s : { active: 0 };
  }
}

export type KeyIntent = { kind: 'list'; action: ListAction } | { kind: 'select' } | { kind: 'close' } | null;

/** Maps a key (with the current result count) to what the palette should do. */
export function keyIntent(key: string, count: number): KeyIntent {
  switch (key) {
    case 'ArrowDown':
      return { kind: 'list', action: { type: 'move', delta: 1, count } };
    case 'ArrowUp':
      return { kind: 'list', action: { type: 'move', delta: -1, count } };
    case 'PageDown':
      return { kind: 'list', action: { type: 'move', delta: 5, count } };
    case 'PageUp':
      return { kind: 'list', action: { type: 'move', delta: -5, count } };
    case 'Home':
      return { kind: 'list', action: { type: 'first' } };
    case 'End':
      return { kind: 'list', action: { type: 'last', count } };
    case 'Enter':
      return count > 0 ? { kind: 'select' } : null;
    case 'Escape':
      return { kind: 'close' };
    default:
      return null;
  }
}

export type EnterIntent = { kind: 'open'; index: number } | { kind: 'wait' } | { kind: 'none' };

/**
 * Enter acts on the results of what is in the field right now. A scanner types the digits and
 * Enter within milliseconds: until the answer for `typed` is in, Enter waits for it (it never
 * falls back to a list that belongs to an earlier query).
 */
export function enterIntent(typed: string, search: PaletteSearch, active: number): EnterIntent {
  if (search.query !== typed || search.phase !== 'ready') return { kind: 'wait' };
  if (search.results.length === 0) return { kind: 'none' };
  return { kind: 'open', index: Math.min(Math.max(0, active), search.results.length - 1) };
}

/** True for the global "open search" chord: Ctrl+K / Cmd+K. */
export function isPaletteChord(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k';
}
