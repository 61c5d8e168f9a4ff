import { auditActionLabel, microsToIso, type AuditListQuery, type AuditLogEntry, type AuditLogPage, type CustomerViewersResponse } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';

/*
 * Reading the audit trail for people: rows name the actor and the subject by name (a user's name, a
 * customer's display name), never by id; ids stay beside them for links and filters only.
 */

/** A customer and every customer merged into it: views and merges of an absorbed profile belong to the survivor's history. */
async function withMergedIds(db: Db, customerId: string): Promise<string[]> {
  const merged = await db.selectFrom('customers').select('id').where('merged_into', '=', customerId).limit(500).execute();
  return [customerId, ...merged.map((r) => r.id)];
}

/** `GET /api/v1/audit`: newest first by chain position, keyset-paged on seq. */
export async function listAudit(db: Db, query: AuditListQuery): Promise<AuditLogPage> {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.seq', 'a.at_us', 'a.actor_kind', 'a.actor_user_id', 'a.actor_name', 'a.action', 'a.subject_type', 'a.subject_id', 'a.related_id', 'a.payload', 'u.name as user_name'])
    .where('a.seq', 'is not', null);
  if (query.actor) {
    // A user id, else a system actor's name: one column each, so the (column, seq) index walks in page order.
    const isUser = await db.selectFrom('users').select('id').where('id', '=', query.actor).executeTakeFirst();
    q = isUser ? q.where('a.actor_user_id', '=', query.actor) : q.where('a.actor_name', '=', query.actor);
  }
  if (query.customerId) {
    const ids = await withMergedIds(db, query.customerId);
    q = q.where('a.subject_type', '=', 'customer').where((eb) => eb.or([eb('a.subject_id', 'in', ids), eb('a.related_id', 'in', ids)]));
  }
  if (query.action) q = q.where('a.action', '=', query.action);
  if (query.before) q = q.where('a.seq', '<', Number(query.before));
  const rows = await q.orderBy('a.seq', 'desc').limit(query.limit + 1).execute();
  const page = rows.slice(0, query.limit);
  const labels = await subjectLabels(db, page);
  const entries = page.map((r): AuditLogEntry => {
    const payload = parsePayload(r.payload);
    const subject = { type: r.subject_type, id: r.subject_id, label: labels(r.subject_type, r.subject_id, payload) };
    return {
      id: r.id,
      seq: Number(r.seq),
      at: microsToIso(Number(r.at_us)),
      action: r.action,
      actionLabel: auditActionLabel(r.action),
      actor: {
        kind: r.actor_kind === 'user' ? 'user' : r.actor_kind === 'anonymous' ? 'anonymous' : 'system',
        userId: r.actor_user_id,
        name: actorName(r.actor_kind, r.user_name, r.actor_name),
      },
      subject,
      related: r.related_id ? { type: relatedType(r.subject_type), id: r.related_id, label: labels(relatedType(r.subject_type), r.related_id, {}) } : null,
      reason: typeof payload['reason'] === 'string' ? payload['reason'] : null,
      details: readableDetails(payload),
    };
  });
  const last = page.at(-1);
  return { entries, nextBefore: rows.length > query.limit && last ? String(last.seq) : null };
}

/** `GET /api/v1/customers/:id/viewers`: who opened this profile (customer.view rows), most recent first. */
export async function customerViewers(db: Db, customerId: string): Promise<CustomerViewersResponse> {
  const ids = await withMergedIds(db, customerId);
  const rows = await db
    .selectFrom('audit_log as a')
    .innerJoin('users as u', 'u.id', 'a.actor_user_id')
    .select((eb) => ['a.actor_user_id', 'u.name', 'u.role', eb.fn.max('a.at_us').as('last_us'), eb.fn.countAll<number>().as('views')])
    .where('a.subject_type', '=', 'customer')
    .where('a.subject_id', 'in', ids)
    .where('a.action', '=', 'customer.view')
    .groupBy(['a.actor_user_id', 'u.name', 'u.role'])
    .execute();
  const viewers = rows
    .map((r) => ({ userId: r.actor_user_id ?? '', name: r.name, role: r.role, lastUs: Number(r.last_us), views: Number(r.views) }))
    .sort((a, b) => b.lastUs - a.lastUs || a.name.localeCompare(b.name));
  return {
    viewers: viewers.map(({ lastUs, ...v }) => ({ ...v, lastViewedAt: microsToIso(lastUs) })),
    totalViews: viewers.reduce((n, v) => n + v.views, 0),
  };
}

function parsePayload(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function actorName(kind: string, userName: string | null, systemName: string | null): string {
  if (kind === 'anonymous') return 'Unknown person';
  if (kind === 'user') return userName ?? 'A removed user';
  if (!systemName) return 'System';
  if (systemName.startsWith('connector:')) return `${systemName.slice('connector:'.length)} connector`;
  // Rows converted by 0013 keep an email nobody matched; anything else is the hub itself.
  return systemName.includes('@') ? systemName : `System (${systemName})`;
}

type LabelOf = (type: string, id: string, payload: Record<string, unknown>) => string;

/** What a row's related id names: a merge's other customer; a team row's member (a user); else the subject's kind. */
function relatedType(subjectType: string): string {
  return subjectType === 'team' ? 'user' : subjectType;
}

/** `usr_…`, `cus_01H…` (a prefix, then letters and digits): an id, never shown as text; `bad_credentials` is a word. */
const LOOKS_LIKE_ID = /^[a-z]{2,6}_(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{8,}$/;

/** Names for the subjects of a page: customers and users in one query each. */
async function subjectLabels(db: Db, rows: readonly { subject_type: string; subject_id: string; related_id: string | null }[]): Promise<LabelOf> {
  const idsOf = (type: string) => [
    ...new Set([
      ...rows.filter((r) => r.subject_type === type).map((r) => r.subject_id),
      ...rows.filter((r) => r.related_id && relatedType(r.subject_type) === type).map((r) => r.related_id!),
    ]),
  ];
  const customerIds = idsOf('customer');
  const userIds = idsOf('user');
  const customers = new Map(customerIds.length ? (await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', customerIds).execute()).map((c) => [c.id, c.display_name]) : []);
  const users = new Map(userIds.length ? (await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute()).map((u) => [u.id, u.name]) : []);
  // Teams are the users module's table (0016); only their names are read here.
  const teamIds = idsOf('team');
  const teamDb = db.withTables<{ teams: { id: string; name: string } }>();
  const teams = new Map(teamIds.length ? (await teamDb.selectFrom('teams').select(['id', 'name']).where('id', 'in', teamIds).execute()).map((t) => [t.id, t.name]) : []);
  return (type, id, payload) => {
    if (type === 'customer') return customers.get(id) || 'A removed customer';
    if (type === 'user') return users.get(id) || 'A removed user';
    if (type === 'team') return teams.get(id) || 'A removed team';
    if (type === 'login') return 'An unknown account';
    if (type === 'dead_letter') return typeof payload['connector'] === 'string' ? `A dead letter from ${payload['connector']}` : 'A dead letter';
    if (type === 'session') return 'A session';
    return type.replace(/[_.]/g, ' ');
  };
}

/** The payload's facts as short strings; ids, nested objects and the reason (shown apart) are left out. */
function readableDetails(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (k === 'reason' || /(^id|Id|_id|ids|Ids)$/.test(k)) continue;
    if (typeof v === 'string' && !LOOKS_LIKE_ID.test(v)) out[k] = v.length > 200 ? `${v.slice(0, 199)}…` : v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && !LOOKS_LIKE_ID.test(x))) out[k] = v.join(', ').slice(0, 200);
  }
  return out;
}
