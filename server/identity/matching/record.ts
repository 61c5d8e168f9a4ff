/** What the matcher compares: a person's attributes, already cleaned (see `normalizeRecord`). Any field may be empty. */
export interface MatchRecord {
  id: string;
  givenName: string;
  surname: string;
  /** YYYYMMDD digits. */
  dob: string;
  streetNumber: string;
  /** Street and other address lines. */
  address: string;
  locality: string;
  postcode: string;
  state: string;
  /** An id number the person is known by (national id, loyalty id). */
  idNumber: string;
  emails: string[];
  /** E.164 or digits. */
  phones: string[];
}

export type RecordInput = Partial<Omit<MatchRecord, 'id'>> & { id: string };

import { clean } from './strings.js';

export function normalizeRecord(r: RecordInput): MatchRecord {
  return {
    id: r.id,
    givenName: clean(r.givenName),
    surname: clean(r.surname),
    dob: (r.dob ?? '').replace(/\D/g, ''),
    streetNumber: clean(r.streetNumber),
    address: clean(r.address),
    locality: clean(r.locality),
    postcode: (r.postcode ?? '').replace(/\s/g, '').toLowerCase(),
    state: clean(r.state),
    idNumber: (r.idNumber ?? '').replace(/[\s-]/g, '').toLowerCase(),
    emails: (r.emails ?? []).map((e) => e.trim().toLowerCase()).filter(Boolean),
    phones: (r.phones ?? []).map((p) => p.replace(/[^\d]/g, '')).filter(Boolean),
  };
}

/** "Ann Marie Smith" -> given "ann", surname "smith"; one word is a surname-less given name. */
export function splitFullName(full: string): { givenName: string; surname: string } {
  const parts = clean(full).split(' ').filter((p) => p && !p.includes('@') && !/^\+?\d+$/.test(p));
  if (parts.length === 0) return { givenName: '', surname: '' };
  if (parts.length === 1) return { givenName: parts[0]!, surname: '' };
  return { givenName: parts[0]!, surname: parts[parts.length - 1]! };
}
