import { unstorableTextReason, type Actor, type ConversationListQuery, type ConversationPage } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import { InputError } from '../errors.js';
import { WORK_STATUSES } from './inbox-counts.js';
import { toConversation } from './rows.js';
import type { ConvDb } from './tables.js';

/*
 * Inbox pages. Default order: nearest SLA deadline, then priority, then age, then id: four ascending
 * columns, so the keyset cursor is one row-value comparison on an index (status, sla_due_us,
 * priority_rank, created_at_us, id) per view. A cursor is the last row's position, so rows that change
 * between pages are neither repeated nor skipped by position.
 */

type Position = [number, number, number, string];

export function encodeInboxCursor(p: Position): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

function decodeInboxCursor(s: string): Position {
  try {
    const p = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && p.length === 4 && p.slice(0, 3).every((n) => Number.isSafeInteger(n)) && typeof p[3] === 'string' && p[3].length <= 64 && unstorableTextReason(p[3]) === null) return p as Position;
  } catch {
    // falls through to the error below
  }
  throw new InputError('before', 'invalid cursor: pass nextCursor from the previous page');
}

export async function listConversations(db: ConvDb, actor: Actor, query: ConversationListQuery, customers: CustomerQueries): Promise<ConversationPage> {
  const statuses = query.status ?? [...WORK_STATUSES];
  if (query.view === 'mine' && actor.kind !== 'user') throw new InputError('view', 'view=mine needs a signed-in user');
  const customerId = query.customerId === undefined ? undefined : ((await customers.resolveId(actor, query.customerId)) ?? query.customerId);
  const after = query.before === undefined ? undefined : decodeInboxCursor(query.before);
  const n = query.limit + 1;
  // One arm per status, each an ordered walk of its index (status is an index column right before the order), cut at
  // the page size; the arms are merged and only the page's rows meet the customers join. With `status IN (...)` over
  // one walk the database reads and sorts every matching row instead (the whole inbox at 100k open conversations).
  const arm = (status: string, i: number) => {
    let q = db.selectFrom('conversations as c').selectAll('c').where('c.status', '=', status);
    if (query.view === 'mine' && actor.kind === 'user') q = q.where('c.assignee_id', '=', actor.userId);
    else if (query.view === 'unassigned') q = q.where('c.assignee_id', 'is', null);
    if (query.queue !== undefined) q = q.where('c.queue_id', '=', query.queue);
    if (query.assignee !== undefined) q = q.where('c.assignee_id', '=', query.assignee);
    if (customerId !== undefined) q = q.where('c.customer_id', '=', customerId);
    if (after) {
      const [due, rank, created, id] = after;
      q = q.where((eb) => eb(eb.refTuple('c.sla_due_us', 'c.priority_rank', 'c.created_at_us', 'c.id'), '>', eb.tuple(due, rank, created, id)));
    }
    return db.selectFrom(q.orderBy('c.sla_due_us').orderBy('c.priority_rank').orderBy('c.created_at_us').orderBy('c.id').limit(n).as(`s${i}`)).selectAll();
  };
  const arms = [...new Set(statuses)].map(arm);
  if (arms.length === 0) return { conversations: [], nextCursor: null };
  const work = arms.slice(1).reduce((u, a) => u.unionAll(a), arms[0]!);
  const rows = await db
    .selectFrom(work.as('c'))
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .selectAll('c')
    .select('cu.display_name as customer_name')
    .orderBy('c.sla_due_us')
    .orderBy('c.priority_rank')
    .orderBy('c.created_at_us')
    .orderBy('c.id')
    .limit(n)
    .execute();
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return {
    conversations: page.map(({ customer_name, ...r }) => toConversation(r, customer_name ?? null)),
    nextCursor: more && last ? encodeInboxCursor([last.sla_due_us, last.priority_rank, last.created_at_us, last.id]) : null,
  };
}
