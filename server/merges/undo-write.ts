import type { Transaction } from 'kysely';
import { microsToIso, type Actor, type UndoMergeResponse } from '../../shared/index.js';
import { InputError } from '../domain.js';
import { nowMicros } from '../storage/batch.js';
import type { Dialect, EventIdentity, MergeMoved, Schema } from '../storage/schema.js';
import { writeAudit } from './audit.js';
import { foldDisplay, parseIdentity } from './display-fold.js';
import { lockForIdentityWrite } from './lock.js';
import { RecordedRows, restoreOwnedRows, type RowKey } from './owned-rows.js';
import { searchName } from '../customers/search-name.js';

type Tx = Transaction<Schema>;

/**
 * Exact undo of merge M (F folded into I), inside the caller's transaction.
 *
 * - What M moved (recorded in `merges.moved`) goes back to F: identifiers and events keep their origin.
 * - Events that arrived after M and landed on I go where their identifiers point, replayed in seq order:
 *   only F-side identifiers -> F; otherwise (I-side, or both: ingest would have kept the older) -> I.
 *   Identifiers those events created follow their event. Their origin becomes the side they went to.
 * - Both customers' counters are recomputed from their events; display names replay the recorded candidates.
 * - Chains are undone last-in-first-out: if I was merged again after M (into something, or something
 *   into it) and that merge is still in place, the undo is refused (409) naming the merge to undo first.
 */
export async function writeUndo(tx: Tx, dialect: Dialect, mergeId: string, actor: Actor, reason?: string): Promise<UndoMergeResponse> {
  await lockForIdentityWrite(tx, dialect);
  const m = await tx.selectFrom('merges').selectAll().where('id', '=', mergeId).executeTakeFirst();
  if (!m) throw new InputError('mergeId', `no merge with id "${mergeId}"`, 'not_found');
  if (m.undone_at_us !== null) throw new InputError('mergeId', `merge "${mergeId}" was already undone at ${microsToIso(m.undone_at_us)}`, 'conflict');
  const F = m.from_id;
  const I = m.into_id;

  const later = await tx
    .selectFrom('merges')
    .select(['id', 'from_id', 'into_id', 'at_us'])
    .where('undone_at_us', 'is', null)
    .where('id', '!=', m.id)
    .where((eb) => eb.or([eb('into_id', '=', I), eb('from_id', '=', I), eb('from_id', '=', F), eb('into_id', '=', F)]))
    .execute();
  const blocking = later
    .filter((x) => x.at_us > m.at_us || (x.at_us === m.at_us && x.id > m.id))
    .sort((x, y) => (x.at_us !== y.at_us ? y.at_us - x.at_us : x.id < y.id ? 1 : -1))[0];
  if (blocking) {
    throw new InputError(
      'mergeId',
      `customer "${I}" was merged again later (merge "${blocking.id}": "${blocking.from_id}" into "${blocking.into_id}"): undo that merge first`,
      'conflict',
    );
  }
  const fRow = await tx.selectFrom('customers').select(['merged_into']).where('id', '=', F).executeTakeFirst();
  if (fRow?.merged_into !== I) throw new InputError('mergeId', `merge "${mergeId}" is no longer in effect ("${F}" is not merged into "${I}")`, 'conflict');

  const moved = JSON.parse(m.moved) as MergeMoved;
  const side = new Map<string, 'F' | 'I'>();
  for (const i of moved.identifiers) side.set(`${i.kind}:${i.value}`, 'F');
  const movedEvents = new Set(moved.eventIds);

  // Identifiers now on I: F's (moved) and I's own; those created after M are decided by their event.
  const onI = await tx.selectFrom('identifiers').select(['kind', 'value', 'origin_event_id']).where('customer_id', '=', I).execute();
  const createdBy = new Map<string, string[]>();
  for (const i of onI) {
    const key = `${i.kind}:${i.value}`;
    if (side.has(key)) continue;
    if (i.origin_event_id) {
      const list = createdBy.get(i.origin_event_id) ?? [];
      list.push(key);
      createdBy.set(i.origin_event_id, list);
    }
    side.set(key, 'I');
  }

  // Post-merge events on I, oldest first.
  const boundary = await postMergeBoundary(tx, moved, m.at_us);
  let q = tx.selectFrom('events').select(['id', 'seq', 'identity']).where('customer_id', '=', I).orderBy('seq');
  q = boundary.kind === 'seq' ? q.where('seq', boundary.inclusive ? '>=' : '>', boundary.value) : q.where('ingested_at_us', '>=', boundary.value);
  const post = (await q.execute()).filter((e) => !movedEvents.has(e.id));
  // Keys created by a post-merge event are undecided until that event is classified.
  for (const e of post) for (const k of createdBy.get(e.id) ?? []) side.delete(k);

  const fPost: string[] = [];
  const fPostIdentity: (EventIdentity | null)[] = [];
  const iPostIdentity: (EventIdentity | null)[] = [];
  const fNewKeys: string[] = [];
  for (const e of post) {
    const identity = parseIdentity(e.identity);
    let hasF = false;
    let hasI = false;
    for (const k of identity?.keys ?? []) {
      const s = side.get(k);
      if (s === 'F') hasF = true;
      else if (s === 'I') hasI = true;
    }
    const goesToF = hasF && !hasI;
    for (const k of createdBy.get(e.id) ?? []) {
      side.set(k, goesToF ? 'F' : 'I');
      if (goesToF) fNewKeys.push(k);
    }
    if (goesToF) {
      fPost.push(e.id);
      fPostIdentity.push(identity);
    } else {
      iPostIdentity.push(identity);
    }
  }

  // Re-attribute every customer-owned table the registry declares: what M moved, then what the replay sent to F.
  const replayedToF = new Map<string, RowKey[]>([
    ['identifiers', fNewKeys.map(splitKey)],
    ['events', fPost.map((id) => [id])],
  ]);
  await restoreOwnedRows(tx, F, I, RecordedRows.fromMoved(moved), replayedToF);

  // Customers: F active again; counters from the events each side now holds; names replayed.
  const fName = foldDisplay({ displayName: moved.from.displayName, nameRank: moved.from.nameRank }, fPostIdentity);
  const iName = foldDisplay({ displayName: moved.into.displayName, nameRank: moved.into.nameRank }, iPostIdentity);
  await restoreCustomer(tx, F, fName, moved.from, null);
  await restoreCustomer(tx, I, iName, moved.into, undefined);

  const atUs = Math.max(nowMicros(), m.at_us + 1);
  await tx.updateTable('merges').set({ undone_at_us: atUs }).where('id', '=', m.id).execute();
  await writeAudit(tx, { atUs, actor, action: 'undo', mergeId: m.id, customerId: F, otherId: I, reason: reason?.trim() || null });
  return { mergeId: m.id, restoredId: F, fromId: I, undoneAt: microsToIso(atUs) };
}

function splitKey(key: string): RowKey {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

type Boundary = { kind: 'seq'; value: number; inclusive: boolean } | { kind: 'time'; value: number };

/** Where "after the merge" starts: the manual merge's seq mark, the ingest merge's bridging event, else its time. */
async function postMergeBoundary(tx: Tx, moved: MergeMoved, atUs: number): Promise<Boundary> {
  if (typeof moved.afterSeq === 'number') return { kind: 'seq', value: moved.afterSeq, inclusive: false };
  if (moved.bridgingEventId) {
    const e = await tx.selectFrom('events').select('seq').where('id', '=', moved.bridgingEventId).executeTakeFirst();
    if (e) return { kind: 'seq', value: e.seq, inclusive: true };
  }
  return { kind: 'time', value: atUs };
}

async function restoreCustomer(
  tx: Tx,
  id: string,
  name: { displayName: string; nameRank: number },
  fallback: { eventCount: number; firstSeenUs: number; lastActivityUs: number },
  mergedInto: null | undefined,
): Promise<void> {
  const agg = await tx
    .selectFrom('events')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('occurred_at_us').as('first'), eb.fn.max('occurred_at_us').as('last')])
    .where('customer_id', '=', id)
    .executeTakeFirstOrThrow();
  const n = Number(agg.n);
  await tx
    .updateTable('customers')
    .set({
      display_name: name.displayName,
      name_rank: name.nameRank,
      search_name: searchName(name.displayName),
      event_count: n,
      first_seen_us: n > 0 ? Number(agg.first) : fallback.firstSeenUs,
      last_activity_us: n > 0 ? Number(agg.last) : fallback.lastActivityUs,
      ...(mergedInto === null ? { merged_into: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}
