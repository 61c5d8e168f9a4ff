/*
 * The inbox bench's raw floors (bench/inbox-bench.ts). The SQL floor: the inbox SQL per view as prepared
 * better-sqlite3 statements, read-only, same page cache as the hub, raw rows, nothing else. The best plan SQLite
 * has for it: one index-ordered arm per work status cut at the page size, merged, then the customers join (two
 * statements merged in JS, or a correlated name lookup, measured no faster). The HTTP floor (inbox-floor-child.ts) serves these same rows from a bare Fastify route in a process of
 * its own, so the hub's HTTP figure is compared with a floor that pays the same HTTP round trip and JSON.
 */
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_CACHE_KIB } from '../server/storage/open-database.js';

export type InboxView = 'mine' | 'unassigned' | 'queue' | 'all';
export const INBOX_VIEWS: readonly InboxView[] = ['mine', 'unassigned', 'queue', 'all'];
export const PAGE = 50;

export type Position = [number, number, number, string];
export interface FloorRow { id: string; sla_due_us: number; priority_rank: number; created_at_us: number }
export const positionOf = (r: FloorRow): Position => [r.sla_due_us, r.priority_rank, r.created_at_us, r.id];

/** What a view filters on: the bench agent (mine) and the busiest queue (queue). */
export interface FloorScope { agentId: string; queueId: string }

export interface InboxSqlFloor {
  page(view: InboxView, before: Position | null): FloorRow[];
  counts(): unknown[];
  close(): void;
}

export function inboxSqlFloor(file: string, scope: FloorScope): InboxSqlFloor {
  const db = new BetterSqlite3(file, { readonly: true });
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  const viewWhere: Record<InboxView, string> = { mine: ' and assignee_id = ?', unassigned: ' and assignee_id is null', queue: ' and queue_id = ?', all: '' };
  const order = 'order by sla_due_us, priority_rank, created_at_us, id limit ?';
  const after = ' and (sla_due_us, priority_rank, created_at_us, id) > (?, ?, ?, ?)';
  const sqlOf = (v: InboxView, next: boolean) => {
    const arm = (status: string) => `select * from (select * from conversations where status = '${status}'${viewWhere[v]}${next ? after : ''} ${order})`;
    return `select c.*, cu.display_name as customer_name from (${arm('open')} union all ${arm('pending')}) as c left join customers as cu on cu.id = c.customer_id order by c.sla_due_us, c.priority_rank, c.created_at_us, c.id limit ?`;
  };
  const stmts = Object.fromEntries(INBOX_VIEWS.map((v) => [v, { first: db.prepare(sqlOf(v, false)), next: db.prepare(sqlOf(v, true)) }])) as Record<InboxView, { first: BetterSqlite3.Statement; next: BetterSqlite3.Statement }>;
  const arg: Record<InboxView, unknown[]> = { mine: [scope.agentId], unassigned: [], queue: [scope.queueId], all: [] };
  const counts = db.prepare("select queue_id, assignee_id, count(*) as n from conversations where status in ('open', 'pending') group by queue_id, assignee_id");
  return {
    page(view, before) {
      const arm = before ? [...arg[view], ...before, PAGE + 1] : [...arg[view], PAGE + 1];
      return (before ? stmts[view].next : stmts[view].first).all(...arm, ...arm, PAGE + 1) as FloorRow[];
    },
    counts: () => counts.all(),
    close: () => db.close(),
  };
}
