import { CompiledQuery } from 'kysely';
import { unstorableTextReason, type Actor, type Conversation, type ConversationListQuery, type ConversationPage } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import { InputError } from '../errors.js';
import { WORK_STATUSES } from './inbox-counts.js';
import { toConversation } from './rows.js';
import type { ConversationsTable, ConvDb } from './tables.js';

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

/** The page's SQL per query shape (view filter, other filters, statuses, cursor or not): built by Kysely once. */
const shapes = new WeakMap<ConvDb, Map<string, string>>();
const MAX_SHAPES = 256;
/** Arms in one order whatever order the statuses were asked in (the page's ORDER BY makes it moot): fewer shapes. */
const STATUS_ORDER = ['open', 'pending', 'snoozed', 'solved', 'closed'];
const statusRank = (s: string) => (STATUS_ORDER.includes(s) ? STATUS_ORDER.indexOf(s) : STATUS_ORDER.length);

interface Filters {
  assignee: string | null | undefined;
  queue: string | undefined;
  byAssignee: string | undefined;
  customerId: string | undefined;
  after: Position | undefined;
}

/** The Kysely query of a page: one arm per status, merged, then the customer names of the page's rows. */
function pageQuery(db: ConvDb, statuses: readonly string[], f: Filters, n: number) {
  // One arm per status, each an ordered walk of its index (status is an index column right before the order), cut at
  // the page size; the arms are merged and only the page's rows meet the customers join. With `status IN (...)` over
  // one walk the database reads and sorts every matching row instead (the whole inbox at 100k open conversations).
  const arm = (status: string, i: number) => {
    let q = db.selectFrom('conversations as c').selectAll('c').where('c.status', '=', status);
    if (f.assignee !== undefined) q = f.assignee === null ? q.where('c.assignee_id', 'is', null) : q.where('c.assignee_id', '=', f.assignee);
    if (f.queue !== undefined) q = q.where('c.queue_id', '=', f.queue);
    if (f.byAssignee !== undefined) q = q.where('c.assignee_id', '=', f.byAssignee);
    if (f.customerId !== undefined) q = q.where('c.customer_id', '=', f.customerId);
    if (f.after) {
      const [due, rank, created, id] = f.after;
      q = q.where((eb) => eb(eb.refTuple('c.sla_due_us', 'c.priority_rank', 'c.created_at_us', 'c.id'), '>', eb.tuple(due, rank, created, id)));
    }
    return db.selectFrom(q.orderBy('c.sla_due_us').orderBy('c.priority_rank').orderBy('c.created_at_us').orderBy('c.id').limit(n).as(`s${i}`)).selectAll();
  };
  const arms = statuses.map(arm);
  const work = arms.slice(1).reduce((u, a) => u.unionAll(a), arms[0]!);
  return db
    .selectFrom(work.as('c'))
    .leftJoin('customers as cu', 'cu.id', 'c.customer_id')
    .selectAll('c')
    .select('cu.display_name as customer_name')
    .orderBy('c.sla_due_us')
    .orderBy('c.priority_rank')
    .orderBy('c.created_at_us')
    .orderBy('c.id')
    .limit(n);
}

/** pageQuery's parameters in the order its SQL binds them (checked against Kysely's own whenever a shape is built). */
function pageParameters(statuses: readonly string[], f: Filters, n: number): unknown[] {
  const out: unknown[] = [];
  for (const status of statuses) {
    out.push(status);
    if (f.assignee != null) out.push(f.assignee);
    if (f.queue !== undefined) out.push(f.queue);
    if (f.byAssignee !== undefined) out.push(f.byAssignee);
    if (f.customerId !== undefined) out.push(f.customerId);
    if (f.after) out.push(...f.after);
    out.push(n);
  }
  out.push(n);
  return out;
}

/** The page's SQL, built and compiled by Kysely once per shape, then sent with fresh parameters (a per-request build was ~10% of a page). */
function pageSql(db: ConvDb, statuses: readonly string[], f: Filters, n: number, parameters: readonly unknown[]): string {
  const key = `${statuses.join()}|${f.assignee === undefined ? '' : f.assignee === null ? 'null' : '='}|${f.queue !== undefined}|${f.byAssignee !== undefined}|${f.customerId !== undefined}|${f.after !== undefined}`;
  let cache = shapes.get(db);
  if (!cache) shapes.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const compiled = pageQuery(db, statuses, f, n).compile();
  if (JSON.stringify(compiled.parameters) !== JSON.stringify(parameters)) throw new Error(`inbox page parameters out of step with its SQL (${key})`);
  if (cache.size >= MAX_SHAPES) cache.clear();
  cache.set(key, compiled.sql);
  return compiled.sql;
}

type PageRow = ConversationsTable & { customer_name: string | null };

export async function listConversations(db: ConvDb, actor: Actor, query: ConversationListQuery, customers: CustomerQueries): Promise<ConversationPage> {
  if (query.view === 'mine' && actor.kind !== 'user') throw new InputError('view', 'view=mine needs a signed-in user');
  const statuses = [...new Set(query.status ?? WORK_STATUSES)].sort((a, b) => statusRank(a) - statusRank(b));
  if (statuses.length === 0) return { conversations: [], nextCursor: null };
  const filters: Filters = {
    assignee: query.view === 'mine' && actor.kind === 'user' ? actor.userId : query.view === 'unassigned' ? null : undefined,
    queue: query.queue,
    byAssignee: query.assignee,
    customerId: query.customerId === undefined ? undefined : ((await customers.resolveId(actor, query.customerId)) ?? query.customerId),
    after: query.before === undefined ? undefined : decodeInboxCursor(query.before),
  };
  const n = query.limit + 1;
  const parameters = pageParameters(statuses, filters, n);
  const { rows } = await db.executeQuery<PageRow>(CompiledQuery.raw(pageSql(db, statuses, filters, n, parameters), parameters as unknown[]));
  const more = rows.length > query.limit;
  const count = more ? query.limit : rows.length;
  const conversations = new Array<Conversation>(count);
  for (let i = 0; i < count; i++) conversations[i] = toConversation(rows[i]!, rows[i]!.customer_name ?? null);
  const last = rows[count - 1];
  return {
    conversations,
    nextCursor: more && last ? encodeInboxCursor([last.sla_due_us, last.priority_rank, last.created_at_us, last.id]) : null,
  };
}
