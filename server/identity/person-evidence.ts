import type { MatchEvidence } from '../../shared/index.js';
import { RANK_NAME, type DisplayCandidate } from './display-name.js';
import { dobLevel, LEVEL_AGREEMENT, FIELDS } from './matching/compare.js';
import { defaultModel, levelWeight } from './matching/fellegi-sunter.js';
import { givenNameLevel } from './matching/given-names.js';
import { dobOf } from './matching/profile-attributes.js';
import { splitFullName } from './matching/record.js';

/*
 * What says who a person is, at ingest: given name and birth date. A shared identifier (household loyalty card)
 * joins two customers only when this evidence does not disagree; the matcher's own comparators decide, so
 * Bob/Robert or a day/month swap still agree and Eric/Erica does not.
 */

export interface PersonEvidence {
  /** Cleaned given name, '' when unknown (no real name). */
  given: string;
  /** YYYYMMDD, '' when unknown. */
  dob: string;
}

export const NO_EVIDENCE: PersonEvidence = { given: '', dob: '' };

/** Ingest asks for the same few names over and over (every event of a customer): parsed once. */
const givenCache = new Map<string, string>();
const GIVEN_CACHE_MAX = 20_000;

export function givenOf(name: string, rank: number): string {
  if (rank < RANK_NAME) return '';
  let given = givenCache.get(name);
  if (given === undefined) {
    given = splitFullName(name).givenName;
    if (givenCache.size >= GIVEN_CACHE_MAX) givenCache.clear();
    givenCache.set(name, given);
  }
  return given;
}

export function eventEvidence(display: DisplayCandidate, data: Record<string, unknown> | undefined): PersonEvidence {
  return { given: givenOf(display.name, display.rank), dob: data ? dobOf(data) : '' };
}

/** Both known and different people by the matcher's standard: another given name, or another birth date. */
export function disagrees(a: PersonEvidence, b: PersonEvidence): boolean {
  if (a.given && b.given && givenNameLevel(a.given, b.given) === 0) return true;
  return Boolean(a.dob && b.dob && dobLevel(a.dob, b.dob) === 0);
}

/** Fills what `into` does not know yet from `from` (first known value wins). */
export function combine(into: PersonEvidence, from: PersonEvidence): PersonEvidence {
  return { given: into.given || from.given, dob: into.dob || from.dob };
}

const PRIOR = defaultModel();
const field = (name: string) => FIELDS.findIndex((f) => f.field === name);

/** The evidence a link keeps: given name, birth date and the shared identifier, with the prior model's weights. */
export function linkEvidence(ours: PersonEvidence, theirs: PersonEvidence, identifierKey: string): MatchEvidence[] {
  const out: MatchEvidence[] = [];
  const row = (name: string, a: string, b: string, level: -1 | 0 | 1 | 2) => {
    if (!a && !b) return;
    out.push({ field: name, ours: a || null, theirs: b || null, agreement: LEVEL_AGREEMENT[level], weight: Math.round(levelWeight(PRIOR, field(name), level) * 100) / 100 });
  };
  row('givenName', ours.given, theirs.given, ours.given && theirs.given ? givenNameLevel(ours.given, theirs.given) : -1);
  row('dob', ours.dob, theirs.dob, ours.dob && theirs.dob ? dobLevel(ours.dob, theirs.dob) : -1);
  const value = identifierKey.slice(identifierKey.indexOf(':') + 1);
  row('sharedId', value, value, 2);
  return out;
}
