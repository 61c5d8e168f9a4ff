import type { Transaction } from 'kysely';
import { can, type Actor } from '../../shared/index.js';
import { ForbiddenError } from '../errors.js';
import type { Schema } from '../storage/schema.js';

/**
 * Who may undo merge `mergeId` (shared/permissions.ts): merge.undo.any undoes any merge; merge.undo.own
 * only merges the same user made. "Made by" is read from the audit row the merge wrote in its own
 * transaction (actor by user id, so a changed email still matches); automatic merges (ingest) and other
 * people's are not the caller's own. An unknown merge is left to the undo itself (404), so nothing leaks.
 */
export async function assertMayUndo(tx: Transaction<Schema>, mergeId: string, actor: Actor): Promise<void> {
  if (can(actor, 'merge.undo.any')) return;
  if (!can(actor, 'merge.undo.own')) throw new ForbiddenError('authorization', 'your role may not undo merges (needs permission merge.undo.own)');
  const m = await tx.selectFrom('merges').select(['from_id', 'into_id']).where('id', '=', mergeId).executeTakeFirst();
  if (!m) return;
  if (actor.kind === 'user' && (await mergeAuthorId(tx, mergeId, m.into_id, m.from_id)) === actor.userId) return;
  throw new ForbiddenError('authorization', 'this merge was made by someone else or automatically: undoing it needs a lead or admin (needs permission merge.undo.any)');
}

/** The user id on the merge's audit row (subject = survivor, related = merged-away), or null (system actor, no row). */
async function mergeAuthorId(tx: Transaction<Schema>, mergeId: string, intoId: string, fromId: string): Promise<string | null> {
  const rows = await tx
    .selectFrom('audit_log')
    .select(['actor_user_id', 'payload'])
    .where('action', '=', 'merge')
    .where('subject_type', '=', 'customer')
    .where('subject_id', '=', intoId)
    .where('related_id', '=', fromId)
    .execute();
  const row = rows.find((r) => (JSON.parse(r.payload) as { mergeId?: unknown }).mergeId === mergeId);
  return row?.actor_user_id ?? null;
}
