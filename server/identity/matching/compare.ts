import type { Agreement } from '../../../shared/index.js';
import { givenNameLevel } from './given-names.js';
import type { MatchRecord } from './record.js';
import { editDistance, jaroWinkler } from './strings.js';

/*
 * Pairwise comparators. Each field compares to a level: 2 agree, 1 partial, 0 disagree, -1 missing
 * (a missing side carries no evidence either way). The Fellegi–Sunter model learns a weight per level, within
 * bounds each field declares: person fields (given name, birth date, personal identifiers) carry person-level
 * weight; household fields (address, postcode, shared loyalty cards) stay weak evidence, because partners,
 * parents, children, siblings and twins share them. Without the bounds, EM on household-heavy data learns
 * "same address = same person".
 */

export type Level = -1 | 0 | 1 | 2;
export interface FieldComparison {
  level: Level;
  ours: string | null;
  theirs: string | null;
}
/** [min, max] log2 weight per level 0 (disagree), 1 (partial), 2 (agree). */
export type WeightBounds = readonly [readonly [number, number], readonly [number, number], readonly [number, number]];
export interface FieldSpec {
  field: string;
  compare(a: MatchRecord, b: MatchRecord): FieldComparison;
  /** Starting (and small-data) m and u probabilities per level 0..2. */
  prior: { m: readonly number[]; u: readonly number[] };
  bounds: WeightBounds;
  /**
   * person: evidence about the individual (a pair needs at least one such field agreeing to be suggested);
   * household: evidence a household shares (its weights together are capped); name: the surname, in between.
   */
  scope: 'person' | 'household' | 'name' | 'suffix';
}

export const LEVEL_AGREEMENT: Record<Level, Agreement> = { [-1]: 'missing', 0: 'disagree', 1: 'partial', 2: 'agree' };

const missing = (a: string, b: string): FieldComparison => ({ level: -1, ours: a || null, theirs: b || null });

/** Surnames: equal; one shared word (hyphenated, double or changed-and-kept surnames) or a typing slip is partial. */
function surnameLevel(a: string, b: string): Level {
  if (a === b) return 2;
  return memo(surnameCache, a, b, surnameLevelOf);
}

function surnameLevelOf(a: string, b: string): Level {
  const ta = a.split(' ');
  const tb = b.split(' ');
  if ((ta.length > 1 || tb.length > 1) && ta.some((t) => t.length > 1 && tb.includes(t))) return 1;
  if (ta.join('') === tb.join('')) return 2;
  const maxEdits = Math.min(a.length, b.length) >= 6 ? 2 : 1;
  return jaroWinkler(a, b) >= 0.88 && editDistance(a, b, maxEdits) <= maxEdits ? 1 : 0;
}

/*
 * Names repeat across a customer base (a few thousand distinct names cover most records), so name comparisons
 * are memoized per pair of spellings. Bounded: a full cache is dropped whole.
 */
const CACHE_MAX = 200_000;
type Cache = { size: number; byFirst: Map<string, Map<string, Level>> };
const newCache = (): Cache => ({ size: 0, byFirst: new Map() });
const surnameCache = newCache();
const givenCache = newCache();
const addressCache = newCache();
const localityCache = newCache();
function memo(cache: Cache, a: string, b: string, fn: (a: string, b: string) => Level): Level {
  const [x, y] = a < b ? [a, b] : [b, a];
  let inner = cache.byFirst.get(x);
  let v = inner?.get(y);
  if (v === undefined) {
    v = fn(x, y);
    if (cache.size >= CACHE_MAX) {
      cache.byFirst.clear();
      cache.size = 0;
      inner = undefined;
    }
    if (!inner) cache.byFirst.set(x, (inner = new Map()));
    inner.set(y, v);
    cache.size++;
  }
  return v;
}

/** Names compare straight or swapped (given and surname entered the other way round), whichever agrees more. */
function names(a: MatchRecord, b: MatchRecord): { given: Level; surname: Level; swapped: boolean } {
  const g = a.givenName && b.givenName ? (a.givenName === b.givenName ? 2 : memo(givenCache, a.givenName, b.givenName, givenNameLevel)) : -1;
  const s = a.surname && b.surname ? surnameLevel(a.surname, b.surname) : -1;
  if (a.givenName && a.surname && b.givenName && b.surname) {
    const g2 = surnameLevel(a.givenName, b.surname);
    const s2 = surnameLevel(a.surname, b.givenName);
    if (g2 + s2 > Math.max(g, 0) + Math.max(s, 0) && g2 >= 1 && s2 >= 1) return { given: g2, surname: s2, swapped: true };
  }
  return { given: g as Level, surname: s as Level, swapped: false };
}

type Tuning = Pick<FieldSpec, 'prior' | 'bounds' | 'scope'>;

function simple(field: keyof MatchRecord, tuning: Tuning, level: (a: string, b: string) => Level): FieldSpec {
  return {
    field,
    ...tuning,
    compare(a, b) {
      const x = a[field] as string;
      const y = b[field] as string;
      if (!x || !y) return missing(x, y);
      return { level: level(x, y), ours: x, theirs: y };
    },
  };
}

/** Birth dates: equal; day/month swapped or one digit off is partial. */
export function dobLevel(a: string, b: string): Level {
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

function setField(field: 'emails' | 'phones' | 'sharedIds', name: string, tuning: Tuning, level: (a: string, b: string) => Level): FieldSpec {
  return {
    field: name,
    ...tuning,
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

/* Person-level tuning: agreement is strong evidence, disagreement strong counter-evidence (given name and birth date). */
const GIVEN: Tuning = { scope: 'person', prior: { m: [0.003, 0.197, 0.8], u: [0.92, 0.05, 0.03] }, bounds: [[-10, -6.5], [0.5, 2.5], [2.5, 7]] };
/* Surnames change (marriage) and are shared by a household: moderate either way. */
const SURNAME: Tuning = { scope: 'name', prior: { m: [0.08, 0.12, 0.8], u: [0.6, 0.1, 0.3] }, bounds: [[-4, -1.5], [0, 3], [1, 5]] };
const DOB: Tuning = { scope: 'person', prior: { m: [0.03, 0.12, 0.85], u: [0.9, 0.04, 0.06] }, bounds: [[-10, -5], [0.5, 3], [3, 9]] };
/* Jr against Sr is two people; a suffix on one side only leans that way (fathers often drop the Sr, sons the Jr). */
const SUFFIX: Tuning = { scope: 'suffix', prior: { m: [0.001, 0.3, 0.699], u: [0.5, 0.4, 0.1] }, bounds: [[-12, -8], [-3, -1.5], [0, 2]] };
/* Identifiers of one person: agreement is near-proof; disagreement is weak (people have several). */
const PERSON_ID: Tuning = { scope: 'person', prior: { m: [0.1, 0.1, 0.8], u: [0.99895, 0.001, 0.00005] }, bounds: [[-8, -1], [0, 8], [11, 16]] };
const CONTACT: Tuning = { scope: 'person', prior: { m: [0.25, 0.1, 0.65], u: [0.989, 0.01, 0.001] }, bounds: [[-3, 0], [0, 3], [6, 12]] };
/* Household-level: a shared address or card says "same household", not "same person"; a move is weak counter-evidence. */
const household = (agree: number, disagree: number, m: number[], u: number[]): Tuning => ({ scope: 'household', prior: { m, u }, bounds: [[-disagree, 0], [-disagree, agree], [0, agree]] });

export const FIELDS: FieldSpec[] = [
  {
    field: 'givenName',
    ...GIVEN,
    compare(a, b) {
      const n = names(a, b);
      return n.given === -1 ? missing(a.givenName, b.givenName) : { level: n.given, ours: a.givenName, theirs: n.swapped ? b.surname : b.givenName };
    },
  },
  {
    field: 'surname',
    ...SURNAME,
    compare(a, b) {
      const n = names(a, b);
      return n.surname === -1 ? missing(a.surname, b.surname) : { level: n.surname, ours: a.surname, theirs: n.swapped ? b.givenName : b.surname };
    },
  },
  {
    field: 'suffix',
    ...SUFFIX,
    compare(a, b) {
      if (!a.suffix && !b.suffix) return missing('', '');
      // Compared only between two people of one name: otherwise a Jr on one side says nothing.
      const level: Level = a.suffix === b.suffix ? 2 : a.suffix && b.suffix ? 0 : a.givenName === b.givenName ? 1 : -1;
      return { level, ours: a.suffix || null, theirs: b.suffix || null };
    },
  },
  simple('dob', DOB, dobLevel),
  simple('streetNumber', household(1, 1, [0.3, 0.05, 0.65], [0.5, 0.05, 0.45]), (a, b) => (a === b ? 2 : editDistance(a, b, 1) <= 1 ? 1 : 0)),
  simple('address', household(1.5, 1.5, [0.2, 0.15, 0.65], [0.45, 0.15, 0.4]), (a, b) =>
    a === b
      ? 2
      : memo(addressCache, a, b, (x, y) => {
          const o = tokenOverlap(x, y);
          return o >= 0.99 ? 2 : o >= 0.5 ? 1 : 0;
        }),
  ),
  simple('locality', household(0.5, 0.7, [0.2, 0.1, 0.7], [0.3, 0.1, 0.6]), (a, b) =>
    a === b ? 2 : memo(localityCache, a, b, (x, y) => (jaroWinkler(x, y) >= 0.9 || tokenOverlap(x, y) >= 0.5 ? 1 : 0)),
  ),
  simple('postcode', household(1, 1.5, [0.2, 0.1, 0.7], [0.45, 0.1, 0.45]), (a, b) => (a === b ? 2 : editDistance(a, b, 1) <= 1 ? 1 : 0)),
  simple('state', household(0.3, 0.7, [0.1, 0.01, 0.89], [0.15, 0.01, 0.84]), (a, b) => (a === b ? 2 : 0)),
  simple('idNumber', PERSON_ID, (a, b) => (a === b ? 2 : editDistance(a, b, 2) <= 2 ? 1 : 0)),
  setField('sharedIds', 'sharedId', household(1.5, 1, [0.3, 0.01, 0.69], [0.6, 0.01, 0.39]), (a, b) => (a === b ? 2 : 0)),
  setField('emails', 'email', CONTACT, (a, b) => (a === b ? 2 : localPart(a) !== '' && (localPart(a) === localPart(b) || jaroWinkler(localPart(a), localPart(b)) >= 0.92) ? 1 : 0)),
  setField('phones', 'phone', CONTACT, (a, b) => (a === b ? 2 : a.length >= 7 && b.length >= 7 && a.slice(-7) === b.slice(-7) ? 1 : 0)),
];

/** The comparison vector of one pair (levels in FIELDS order). */
export function compareLevels(a: MatchRecord, b: MatchRecord): Int8Array {
  const out = new Int8Array(FIELDS.length);
  // Given name and surname come from one (straight-or-swapped) comparison: computed once.
  const n = names(a, b);
  out[0] = n.given;
  out[1] = n.surname;
  for (let f = 2; f < FIELDS.length; f++) out[f] = FIELDS[f]!.compare(a, b).level;
  return out;
}
