import type { MatchRecord } from './record.js';
import { soundex } from './strings.js';

/*
 * Blocking: only records sharing at least one key are compared, so cost grows with block sizes,
 * not n². Several independent keys keep recall when any one field is corrupted (or the person moved).
 */

/** Blocks larger than this are skipped for that key (a key that common carries no signal). */
export const MAX_BLOCK = 400;

export function blockingKeys(r: MatchRecord): string[] {
  const keys: string[] = [];
  const sxS = soundex(r.surname);
  const sxG = soundex(r.givenName);
  if (sxS && sxG) keys.push(`n:${[sxS, sxG].sort().join('')}`);
  if (sxS && r.postcode) keys.push(`sp:${sxS}${r.postcode}`);
  if (sxG && r.postcode) keys.push(`gp:${sxG}${r.postcode}`);
  if (r.dob) keys.push(`d:${r.dob}`);
  if (sxS && r.dob.length >= 4) keys.push(`sy:${sxS}${r.dob.slice(0, 4)}`);
  if (sxG && r.dob.length >= 6) keys.push(`gm:${sxG}${r.dob.slice(4)}`);
  // Movers and changed surnames: name + birth date reach scoring whatever the address says.
  if (sxG && r.dob) keys.push(`gd:${sxG}${r.dob}`);
  if (sxS && r.dob) keys.push(`sd:${sxS}${r.dob}`);
  if (r.idNumber) keys.push(`i:${r.idNumber}`);
  for (const id of r.sharedIds) keys.push(`h:${id}`);
  if (r.streetNumber && r.postcode) keys.push(`a:${r.streetNumber}|${r.postcode}`);
  if (r.address && r.locality) keys.push(`al:${r.address.slice(0, 6)}|${r.locality.slice(0, 4)}`);
  for (const p of r.phones) if (p.length >= 7) keys.push(`p:${p.slice(-7)}`);
  for (const e of r.emails) {
    const local = e.slice(0, Math.max(0, e.indexOf('@'))).replace(/[._+-]/g, '');
    if (local) keys.push(`e:${local}`);
  }
  return keys;
}

/** Candidate pairs within one set (dedup), as [i, j] with i < j, each once. */
export function dedupPairs(records: readonly MatchRecord[]): Uint32Array {
  const keys = records.map((r) => [...new Set(blockingKeys(r))]);
  const blocks = indexKeys(keys);
  // A pair is emitted once: `stamp[j] === i` marks j as already paired with i (no global set of pair codes).
  const stamp = new Int32Array(records.length).fill(-1);
  const out: number[] = [];
  for (let i = 0; i < records.length; i++) {
    for (const k of keys[i]!) {
      const members = blocks.get(k)!;
      if (members.length < 2 || members.length > MAX_BLOCK) continue;
      for (const j of members) {
        if (j <= i || stamp[j] === i) continue;
        stamp[j] = i;
        out.push(i, j);
      }
    }
  }
  return Uint32Array.from(out);
}

/** Candidate pairs across two sets (linkage): [i in a, j in b]. */
export function linkPairs(a: readonly MatchRecord[], b: readonly MatchRecord[]): Uint32Array {
  const blocksB = index(b);
  const stamp = new Int32Array(b.length).fill(-1);
  const out: number[] = [];
  a.forEach((r, i) => {
    for (const k of new Set(blockingKeys(r))) {
      const members = blocksB.get(k);
      if (!members || members.length > MAX_BLOCK) continue;
      for (const j of members) {
        if (stamp[j] === i) continue;
        stamp[j] = i;
        out.push(i, j);
      }
    }
  });
  return Uint32Array.from(out);
}

/** Candidates for one record against a set (the API's per-customer question). */
export function candidatesFor(r: MatchRecord, blocks: Map<string, number[]>): number[] {
  const out = new Set<number>();
  for (const k of new Set(blockingKeys(r))) {
    const members = blocks.get(k);
    if (!members || members.length > MAX_BLOCK) continue;
    for (const j of members) out.add(j);
  }
  return [...out];
}

export function index(records: readonly MatchRecord[]): Map<string, number[]> {
  return indexKeys(records.map((r) => [...new Set(blockingKeys(r))]));
}

function indexKeys(keys: readonly string[][]): Map<string, number[]> {
  const blocks = new Map<string, number[]>();
  keys.forEach((ks, i) => {
    for (const k of ks) {
      const list = blocks.get(k);
      if (list) list.push(i);
      else blocks.set(k, [i]);
    }
  });
  return blocks;
}
