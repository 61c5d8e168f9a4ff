import type { CustomerProfile, CustomerRef, IngestEvent, User } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import type { RankedAction } from './engine.js';

/*
 * Executing an action = writing what it created (note / task / credit / suppression) into the
 * customer's timeline as a `note` channel event from `omni-console`, through the normal ingest path
 * so every watcher sees it live. The event names who did it and which action it came from, and the
 * features read `data.actionKind` back for frequency caps.
 */

export const EXECUTE_SOURCE = 'omni-console';

/** An identifier that resolves to this customer (ingest attributes events by identifiers, not ids). */
export function refFor(profile: CustomerProfile): CustomerRef | null {
  if (profile.emails[0]) return { email: profile.emails[0] };
  if (profile.phones[0]) return { phone: profile.phones[0] };
  if (profile.loyaltyIds[0]) return { loyaltyId: profile.loyaltyIds[0] };
  const ext = profile.externalIds[0];
  return ext ? { externalIds: { [ext.system]: ext.id } } : null;
}

const LABEL = { note: 'Note', task: 'Task', credit: 'Credit', suppression: 'Suppression' } as const;

export function executionEvent(action: RankedAction, ref: CustomerRef, user: User, now: Date): IngestEvent {
  const creates = action.execute.creates;
  const text = `${action.title}. ${action.reasons.map((r) => r.text).join('; ')}.`;
  return {
    source: EXECUTE_SOURCE,
    // One execution per action per minute: a double click is a duplicate, not a second credit.
    sourceEventId: executionKey(action.id, now),
    channel: 'note',
    type: `action.${creates}`,
    occurredAt: now.toISOString(),
    customer: ref,
    summary: `${LABEL[creates]} by ${user.name}: ${action.title}`.slice(0, 2000),
    data: {
      author: user.name,
      text,
      actionId: action.id,
      actionKind: action.kind,
      creates,
      by: { id: user.id, name: user.name, email: user.email, role: user.role },
      reasons: action.reasons,
      ...action.details,
    },
  };
}

/** One execution per action per minute: the idempotency key of its event. */
export function executionKey(actionId: string, at: Date): string {
  return `exec:${actionId}:${Math.floor(at.getTime() / 60_000)}`;
}

/**
 * The execution event of this action stored within the last minute, if any: the second request of a double
 * click may arrive after the first committed, when the executed action no longer ranks (it is not "gone", it was done).
 */
export async function recentExecution(db: Db, actionId: string, now: Date): Promise<{ id: string; customerId: string } | null> {
  const keys = [executionKey(actionId, now), executionKey(actionId, new Date(now.getTime() - 60_000))];
  const row = await db.selectFrom('events').select(['id', 'customer_id']).where('source', '=', EXECUTE_SOURCE).where('source_event_id', 'in', keys).orderBy('seq', 'desc').executeTakeFirst();
  return row ? { id: row.id, customerId: row.customer_id } : null;
}
