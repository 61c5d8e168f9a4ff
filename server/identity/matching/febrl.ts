import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { normalizeRecord, type MatchRecord } from './record.js';

/*
 * Febrl benchmark files (rec_id, given_name, surname, street_number, address_1, address_2, suburb,
 * postcode, state, date_of_birth, soc_sec_id; a space after each comma). Ground truth is in rec_id:
 * rec-N-org and rec-N-dup-K are the same person N.
 */

export interface FebrlRecord extends MatchRecord {
  /** Person number from rec_id (the ground truth). */
  entity: string;
}

export function loadFebrl(path: string): FebrlRecord[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => {
    const recId = r['rec_id'] ?? '';
    const m = /^rec-(\d+)-/.exec(recId);
    if (!m) throw new Error(`${path}: rec_id "${recId}" is not rec-N-org / rec-N-dup-K`);
    const rec = normalizeRecord({
      id: recId,
      givenName: r['given_name'],
      surname: r['surname'],
      streetNumber: r['street_number'],
      address: `${r['address_1'] ?? ''} ${r['address_2'] ?? ''}`,
      locality: r['suburb'],
      postcode: r['postcode'],
      state: r['state'],
      dob: r['date_of_birth'],
      idNumber: r['soc_sec_id'],
    });
    return { ...rec, entity: m[1]! };
  });
}

/** Number of true pairs: within one file (dedup) or across two (linkage). */
export function truePairCount(a: readonly FebrlRecord[], b?: readonly FebrlRecord[]): number {
  const count = (rs: readonly FebrlRecord[]) => {
    const m = new Map<string, number>();
    for (const r of rs) m.set(r.entity, (m.get(r.entity) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  if (!b) return [...ca.values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0);
  const cb = count(b);
  let total = 0;
  for (const [e, n] of ca) total += n * (cb.get(e) ?? 0);
  return total;
}
