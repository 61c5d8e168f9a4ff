import type { EventIdentity } from '../storage/schema.js';

export interface DisplayState {
  displayName: string;
  nameRank: number;
}

/** Replays display-name candidates the way ingest does: a higher rank replaces, an equal one never does. */
export function foldDisplay(start: DisplayState, identities: readonly (EventIdentity | null)[]): DisplayState {
  let cur = { ...start };
  for (const i of identities) {
    if (i && i.rank > cur.nameRank) cur = { displayName: i.name, nameRank: i.rank };
  }
  return cur;
}

export function parseIdentity(text: string | null | undefined): EventIdentity | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<EventIdentity>;
    if (!Array.isArray(v.keys) || typeof v.name !== 'string' || typeof v.rank !== 'number') return null;
    return { keys: v.keys.filter((k): k is string => typeof k === 'string'), name: v.name, rank: v.rank };
  } catch {
    return null;
  }
}
