import { createHash } from 'node:crypto';
import type { AuditChainReport } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';

/*
 * The audit log's hash chain: row n carries seq n, the hash of row n-1 and its own hash, a sha256 over
 * a canonical serialization of every column it stores plus that previous hash. Changing any stored
 * value, deleting a row or reordering rows breaks the chain at the first row touched, which verify
 * names. Dropping the newest rows leaves a shorter valid chain: pass a head noted earlier (`knownHead`).
 */

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The columns the hash covers, as read from either backend. */
export interface ChainedFields {
  seq: number;
  id: string;
  at_us: number | string;
  actor_kind: string;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  related_id: string | null;
  /** The JSON text exactly as stored. */
  payload: string;
}

/** A JSON array in fixed column order: no key ordering or whitespace question, and numbers as decimal integers. */
export function canonicalRow(r: ChainedFields, prevHash: string): string {
  return JSON.stringify([
    'audit.v1',
    Number(r.seq),
    r.id,
    Number(r.at_us),
    r.actor_kind,
    r.actor_user_id,
    r.actor_name,
    r.action,
    r.subject_type,
    r.subject_id,
    r.related_id,
    r.payload,
    prevHash,
  ]);
}

export function rowHash(r: ChainedFields, prevHash: string): string {
  return createHash('sha256').update(canonicalRow(r, prevHash)).digest('hex');
}

const PAGE = 1000;

/**
 * Walks the whole chain in seq order (pages of 1000 rows) and reports the first row that does not
 * follow: a missing seq (deleted or reordered rows), a prev_hash that is not the previous row's hash,
 * or a hash that does not match the row's content. `knownHead`: a head printed by an earlier run; the
 * chain must still contain it, else rows were cut from the end (which leaves a shorter valid chain).
 */
export async function verifyAuditChain(db: Db, opts: { knownHead?: string } = {}): Promise<AuditChainReport> {
  const unchained = await db.selectFrom('audit_log').select(['id', 'seq']).where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null), eb('prev_hash', 'is', null)])).limit(1).executeTakeFirst();
  if (unchained) return broken(0, unchained.seq === null ? null : Number(unchained.seq), unchained.id, 'row is not in the chain (no sequence number or hash)');
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let headSeen = !opts.knownHead;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const r of page) {
      const seq = Number(r.seq);
      if (seq > expectedSeq) return broken(rows, seq, r.id, `sequence jumps from ${expectedSeq - 1} to ${seq}: a row is missing`);
      if (seq < expectedSeq) return broken(rows, seq, r.id, `sequence ${seq} appears twice`);
      if (r.prev_hash !== prevHash) return broken(rows, seq, r.id, 'previous-hash does not match the row before it (rows deleted, inserted or reordered)');
      const hash = rowHash({ ...r, seq }, prevHash);
      if (r.hash !== hash) return broken(rows, seq, r.id, 'content does not match its hash (the row was changed)');
      if (hash === opts.knownHead) headSeen = true;
      prevHash = hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < PAGE) break;
  }
  const total = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(total.n) !== rows) {
    // Rows with a seq below 1 (the walk starts at 1) would otherwise go unseen.
    const stray = await db.selectFrom('audit_log').select(['id', 'seq']).where('seq', '<', 1).limit(1).executeTakeFirst();
    return broken(rows, stray ? Number(stray.seq) : null, stray?.id ?? 'unknown', 'row outside the chain (sequence number below 1)');
  }
  if (!headSeen) return broken(rows, null, 'end', `the head noted earlier (${opts.knownHead}) is no longer in the chain: rows were removed from the end`);
  return { ok: true, rows, head: rows > 0 ? prevHash : null, broken: null };
}

function broken(rows: number, seq: number | null, id: string, reason: string): AuditChainReport {
  return { ok: false, rows, head: null, broken: { seq, id, reason } };
}
