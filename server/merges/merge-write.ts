import type { Selectable, Transaction } from 'kysely';
import { actorLabel, type Actor, type MergeRecord } from '../../shared/index.js';
import { toMergeRecord } from '../customers/rows.js';
import { InputError } from '../domain.js';
import { nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { CustomersTable, Dialect, MergeMoved, Schema } from '../storage/schema.js';
import { writeAudit } from './audit.js';
import { lockForIdentityWrite } from './lock.js';
import { repointOwnedRows } from './owned-rows.js';
import { searchName } from '../customers/search-name.js';

type Tx = Transaction<Schema>;
type CustomerRow = Selectable<CustomersTable>;

export interface ManualMerge {
  customerId: string;
  otherId: string;
  actor: Actor;
  reason?: string | undefined;
}

/**
 * A manual merge inside the caller's transaction. Both ids must be active customers (a merged-away
 * id is a 409 naming its survivor: that is also how the loser of two concurrent merges of the same pair
 * is answered). The older customer survives, exactly like ingest merges, and `merges.moved` records
 * everything that moved plus the seq high-water mark, so the undo can tell later events apart.
 */
export async function writeManualMerge(tx: Tx, dialect: Dialect, m: ManualMerge): Promise<MergeRecord> {
  await lockForIdentityWrite(tx, dialect);
  if (m.customerId === m.otherId) throw new InputError('otherId', 'cannot merge a customer into itself: otherId must name a different customer');
  const a = await activeCustomer(tx, m.customerId, 'id');
  const b = await activeCustomer(tx, m.otherId, 'otherId');
  const [into, from] = olderFirst(a, b);
  const atUs = nowMicros();

  const top = await tx.selectFrom('events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst();
  // Every customer-owned table, as the registry declares it; the record keeps what moved for the undo.
  const recorded = await repointOwnedRows(tx, from.id, into.id);
  const moved: MergeMoved = {
    ...recorded.toMoved(),
    from: snapshot(from),
    into: snapshot(into),
    afterSeq: Number(top?.s ?? 0),
  };

  // Same counter and display-name rules as the ingest resolver's merge.
  const takeName = from.name_rank > into.name_rank;
  const displayName = takeName ? from.display_name : into.display_name;
  await tx
    .updateTable('customers')
    .set({
      event_count: into.event_count + from.event_count,
      first_seen_us: Math.min(into.first_seen_us, from.first_seen_us),
      last_activity_us: Math.max(into.last_activity_us, from.last_activity_us),
      display_name: displayName,
      name_rank: takeName ? from.name_rank : into.name_rank,
      search_name: searchName(displayName),
    })
    .where('id', '=', into.id)
    .execute();
  await tx.updateTable('customers').set({ merged_into: into.id }).where('id', '=', from.id).execute();

  const row = {
    id: newId('mrg'),
    from_id: from.id,
    into_id: into.id,
    reason: m.reason?.trim() || 'manual merge',
    bridging_identifier: null,
    actor: actorLabel(m.actor),
    at_us: atUs,
    undone_at_us: null,
    moved: JSON.stringify(moved),
  };
  await tx.insertInto('merges').values(row).execute();
  await writeAudit(tx, { atUs, actor: m.actor, action: 'merge', mergeId: row.id, customerId: into.id, otherId: from.id, reason: m.reason?.trim() || null });
  return toMergeRecord(row);
}

async function activeCustomer(tx: Tx, id: string, field: string): Promise<CustomerRow> {
  const row = await tx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new InputError(field, `no customer with id "${id}"`, 'not_found');
  if (row.merged_into !== null) {
    throw new InputError(field, `customer "${id}" was already merged into "${row.merged_into}": merge with that customer instead`, 'conflict');
  }
  return row;
}

/** [survivor, merged-away]: created earlier survives, then the smaller (earlier-minted) id, as in ingest. */
function olderFirst(a: CustomerRow, b: CustomerRow): [CustomerRow, CustomerRow] {
  if (a.created_at_us !== b.created_at_us) return a.created_at_us < b.created_at_us ? [a, b] : [b, a];
  return a.id < b.id ? [a, b] : [b, a];
}

function snapshot(c: CustomerRow) {
  return { displayName: c.display_name, nameRank: c.name_rank, eventCount: c.event_count, firstSeenUs: c.first_seen_us, lastActivityUs: c.last_activity_us };
}
