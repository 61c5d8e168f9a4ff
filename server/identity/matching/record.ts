import { clean, repairMojibake } from './strings.js';

/** What the matcher compares: a person's attributes, already cleaned (see `normalizeRecord`). Any field may be empty. */
export interface MatchRecord {
  id: string;
  givenName: string;
  surname: string;
  /** Generational suffix: jr, sr, ii, iii, iv ('' when none was given). */
  suffix: string;
  /** YYYYMMDD digits. */
  dob: string;
  streetNumber: string;
  /** Street and other address lines. */
  address: string;
  locality: string;
  postcode: string;
  state: string;
  /** An id number that identifies one person (national id; a loyalty id when configured as personal). */
  idNumber: string;
  /** Identifiers a household may share (loyalty cards by default): weak evidence, like an address. */
  sharedIds: string[];
  emails: string[];
  /** E.164 or digits. */
  phones: string[];
}

export type RecordInput = Partial<Omit<MatchRecord, 'id'>> & { id: string };

const SUFFIXES: Record<string, string> = { jr: 'jr', junior: 'jr', sr: 'sr', senior: 'sr', ii: 'ii', '2nd': 'ii', iii: 'iii', '3rd': 'iii', iv: 'iv' };
/* Names hold no digits: a digit in a name is a scanner's misreading of a letter. */
const NAME_DIGITS: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '6': 'g', '8': 'b', '9': 'g' };
/* The reverse for dates: letters a scanner put where digits were. */
const DATE_LETTERS: Record<string, string> = { o: '0', O: '0', l: '1', I: '1', i: '1', S: '5', s: '5', B: '8', Z: '2', z: '2' };

function cleanName(s: string | undefined): string {
  return clean(repairMojibake(s ?? '')).replace(/[0-9]/g, (d) => NAME_DIGITS[d] ?? '');
}

/** Splits a trailing generational suffix off a cleaned name ("smith jr" -> ["smith", "jr"]). */
function splitSuffix(name: string): [string, string] {
  const parts = name.split(' ');
  if (parts.length < 2) return [name, ''];
  const suffix = SUFFIXES[parts[parts.length - 1]!.replace(/\./g, '')];
  return suffix ? [parts.slice(0, -1).join(' '), suffix] : [name, ''];
}

export function normalizeRecord(r: RecordInput): MatchRecord {
  const [surname, fromSurname] = splitSuffix(cleanName(r.surname));
  const [givenName, fromGiven] = splitSuffix(cleanName(r.givenName));
  return {
    id: r.id,
    givenName,
    surname,
    suffix: SUFFIXES[clean(r.suffix).replace(/\./g, '')] ?? (fromSurname || fromGiven),
    dob: (r.dob ?? '').replace(/[oOlIiSsBZz]/g, (c) => DATE_LETTERS[c] ?? c).replace(/\D/g, ''),
    streetNumber: clean(r.streetNumber),
    address: clean(repairMojibake(r.address ?? '')),
    locality: clean(repairMojibake(r.locality ?? '')),
    postcode: (r.postcode ?? '').replace(/\s/g, '').toLowerCase(),
    state: clean(r.state),
    idNumber: (r.idNumber ?? '').replace(/[\s-]/g, '').toLowerCase(),
    sharedIds: (r.sharedIds ?? []).map((s) => s.replace(/[\s-]/g, '').toLowerCase()).filter(Boolean),
    emails: (r.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean),
    phones: (r.phones ?? []).map((p) => p.replace(/[^\d]/g, '')).filter(Boolean),
  };
}

/** "Ann Marie Smith" -> given "ann", surname "smith"; "Robert Smith Jr." -> suffix "jr"; one word is a surname-less given name. */
export function splitFullName(full: string): { givenName: string; surname: string; suffix: string } {
  const parts = clean(repairMojibake(full))
    .split(' ')
    .filter((p) => p && !p.includes('@') && !/^\+?\d+$/.test(p));
  let suffix = '';
  while (parts.length > 1 && SUFFIXES[parts[parts.length - 1]!.replace(/\./g, '')]) suffix = SUFFIXES[parts.pop()!.replace(/\./g, '')]!;
  if (parts.length === 0) return { givenName: '', surname: '', suffix };
  if (parts.length === 1) return { givenName: parts[0]!, surname: '', suffix };
  return { givenName: parts[0]!, surname: parts[parts.length - 1]!, suffix };
}
