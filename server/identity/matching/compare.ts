import type { Agreement } from '../../../shared/index.js';
import { isNickname } from './nicknames.js';
import type { MatchRecord } from './record.js';
import { editDistance, jaroWinkler } from './strings.js';

/*
 * Pairwise comparators. Each field compares to a level: 2 agree, 1 partial, 0 disagree, -1 missing
 * (a missing side carries no evidence either way). The Fellegi–Sunter model learns a weight per level.
 */

export type Level = -1 | 0 | 1 | 2;
export interface FieldComparison {
  level: Level;
  ours: string | null;
  theirs: string | null;
}
export interface FieldSpec {
  field: string;
  compare(a: MatchRecord, b: MatchRecord): FieldComparison;
}

export const LEVEL_AGREEMENT: Record<Level, Agreement> = { [-1]: 'missing', 0: 'disagree', 1: 'partial', 2: 'agree' };

const missing = (a: string, b: string): FieldComparison => ({ level: -1, ours: a || null, theirs: b || null });

function nameLevel(a: string, b: string, nicknames: boolean): Level {
  if (a === b) return 2;
  if (nicknames && isNickname(a, b)) return 1;
  // One initial against a name starting with it is weak agreement.
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 1;
  return jaroWinkler(a, b) >= 0.88 ? 1 : 0;
}

/** Names compare straight or swapped (given and surname entered the other way round), whichever agrees more. */
function names(a: MatchRecord, b: MatchRecord): { given: Level; surname: Level; swapped: boolean } {
  const g = a.givenName && b.givenName ? nameLevel(a.givenName, b.givenName, true) : -1;
  const s = a.surname && b.surname ? nameLevel(a.surname, b.surname, false) : -1;
  if (a.givenName && a.surname && b.givenName && b.surname) {
    const g2 = nameLevel(a.givenName, b.surname, false);
    const s2 = nameLevel(a.surname, b.givenName, false);
    if (g2 + s2 > Math.max(g, 0) + Math.max(s, 0) && g2 + s2 >= 3) return { given: g2, surname: s2, swapped: true };
  }
  return { given: g as Level, surname: s as Level, swapped: false };
}

function simple(field: keyof MatchRecord, level: (a: string, b: string) => Level): FieldSpec {
  return {
    field,
    compare(a, b) {
      const x = a[field] as string;
      const y = b[field] as string;
      if (!x || !y) return missing(x, y);
      return { level: level(x, y), ours: x, theirs: y };
    },
  };
}

function dobLevel(a: string, b: string): Level {
  if (a === b) return 2;
  if (a.length === 8 && b.length === 8) {
    // Day and month swapped (US vs European entry).
    if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) return 1;
  }
  return editDistance(a, b, 1) <= 1 ? 1 : 0;
}

function tokens(s: string): string[] {
  return s.split(' ').filter(Boolean);
}

/** Share of tokens that find a close partner on the other side (typos allowed), over the larger side. */
export function tokenOverlap(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.length === 0 || tb.length === 0) return 0;
  const used = new Uint8Array(tb.length);
  let hit = 0;
  for (const x of ta) {
    let best = -1;
    let bestSim = 0;
    for (let j = 0; j < tb.length; j++) {
      if (used[j]) continue;
      const sim = x === tb[j] ? 1 : jaroWinkler(x, tb[j]!);
      if (sim > bestSim) {
        bestSim = sim;
        best = j;
      }
    }
    if (best >= 0 && bestSim >= 0.9) {
      used[best] = 1;
      hit += bestSim;
    }
  }
  // Joined words ("pridhamstreet" vs "pridham street") compare whole.
  const joined = jaroWinkler(ta.join(''), tb.join(''));
  return Math.max(hit / Math.max(ta.length, tb.length), joined >= 0.95 ? joined : 0);
}

function setField(field: 'emails' | 'phones', level: (a: string, b: string) => Level): FieldSpec {
  return {
    field: field === 'emails' ? 'email' : 'phone',
    compare(a, b) {
      const xs = a[field];
      const ys = b[field];
      if (xs.length === 0 || ys.length === 0) return missing(xs[0] ?? '', ys[0] ?? '');
      let best: FieldComparison = { level: 0, ours: xs[0]!, theirs: ys[0]! };
      for (const x of xs) {
        for (const y of ys) {
          const l = level(x, y);
          if (l > best.level) best = { level: l, ours: x, theirs: y };
        }
      }
      return best;
    },
  };
}

const localPart = (e: string) => e.slice(0, Math.max(0, e.indexOf('@'))).replace(/[._+-]/g, '');

export const FIELDS: FieldSpec[] = [
  {
    field: 'givenName',
    compare(a, b) {
      const n = names(a, b);
      return n.given === -1 ? missing(a.givenName, b.givenName) : { level: n.given, ours: a.givenName, theirs: n.swapped ? b.surname : b.givenName };
    },
  },
  {
    field: 'surname',
    compare(a, b) {
      const n = names(a, b);
      return n.surname === -1 ? missing(a.surname, b.surname) : { level: n.surname, ours: a.surname, theirs: n.swapped ? b.givenName : b.surname };
    },
  },
  simple('dob', dobLevel),
  simple('streetNumber', (a, b) => (a === b ? 2 : editDistance(a, b, 1) <= 1 ? 1 : 0)),
  simple('address', (a, b) => {
    const o = a === b ? 1 : tokenOverlap(a, b);
    return o >= 0.99 ? 2 : o >= 0.5 ? 1 : 0;
  }),
  simple('locality', (a, b) => (a === b ? 2 : jaroWinkler(a, b) >= 0.9 || tokenOverlap(a, b) >= 0.5 ? 1 : 0)),
  simple('postcode', (a, b) => (a === b ? 2 : editDistance(a, b, 1) <= 1 ? 1 : 0)),
  simple('state', (a, b) => (a === b ? 2 : 0)),
  simple('idNumber', (a, b) => (a === b ? 2 : editDistance(a, b, 2) <= 2 ? 1 : 0)),
  setField('emails', (a, b) => (a === b ? 2 : localPart(a) !== '' && (localPart(a) === localPart(b) || jaroWinkler(localPart(a), localPart(b)) >= 0.92) ? 1 : 0)),
  setField('phones', (a, b) => (a === b ? 2 : a.length >= 7 && b.length >= 7 && a.slice(-7) === b.slice(-7) ? 1 : 0)),
];

/** The comparison vector of one pair (levels in FIELDS order). */
export function compareLevels(a: MatchRecord, b: MatchRecord): Int8Array {
  const out = new Int8Array(FIELDS.length);
  for (let f = 0; f < FIELDS.length; f++) out[f] = FIELDS[f]!.compare(a, b).level;
  return out;
}
