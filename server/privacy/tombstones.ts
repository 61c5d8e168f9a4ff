import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { IngestResult } from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Schema } from '../storage/schema.js';
import { privacyTx } from './tables.js';

/*
 * Tombstones: what an erasure keeps so the erased person does not come back. Only a hash of each erased
 * source event (source + the sender's event id): ingest drops an event whose hash is here (a webhook
 * retry, a re-import) and answers it as a duplicate of the anonymised event; a NEW event of the same person
 * is not stopped and starts a new profile. No hash of an erased email or phone is kept (migration 0035 forgot
 * the ones an earlier version wrote): such a hash is the value to anyone who can guess it, and nothing reads it.
 */

export function eventTombstone(source: string, sourceEventId: string): string {
  return createHash('sha256').update(`event\u0000${source}\u0000${sourceEventId}`).digest('hex');
}

/** The part of a batch ingest must still write, and the answers for the events an erasure tombstoned. */
export interface TombstoneFilter<E> {
  kept: E[];
  /** Input index -> answer (a duplicate of the anonymised event). */
  dropped: Map<number, IngestResult>;
}

/** Splits off the events whose (source, sourceEventId) was erased; one indexed read per batch, in the write transaction. */
export async function dropErasedEvents<E extends { index: number; event: { source: string; sourceEventId: string } }>(tx: Transaction<Schema>, batch: readonly E[]): Promise<TombstoneFilter<E>> {
  const hashes = new Map<string, E[]>();
  for (const p of batch) {
    const h = eventTombstone(p.event.source, p.event.sourceEventId);
    hashes.set(h, [...(hashes.get(h) ?? []), p]);
  }
  const dropped = new Map<number, IngestResult>();
  const ptx = privacyTx(tx);
  for (const part of chunk([...hashes.keys()], MAX_IN_LIST)) {
    const rows = await ptx.selectFrom('privacy_tombstones').select(['hash', 'event_id', 'customer_id']).where('kind', '=', 'event').where('hash', 'in', part).execute();
    for (const r of rows) {
      for (const p of hashes.get(r.hash) ?? []) dropped.set(p.index, { sourceEventId: p.event.sourceEventId, status: 'duplicate', eventId: r.event_id ?? '', customerId: r.customer_id });
    }
  }
  return { kept: dropped.size === 0 ? [...batch] : batch.filter((p) => !dropped.has(p.index)), dropped };
}

/** The batch's answers in input order: the written events' answers (in order) with the dropped ones put back. */
export function answersInOrder<E extends { index: number }>(batch: readonly E[], written: readonly IngestResult[], dropped: ReadonlyMap<number, IngestResult>): IngestResult[] {
  let next = 0;
  return batch.map((p) => dropped.get(p.index) ?? written[next++]!);
}
