import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type ConversationListQuery } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { testDomain, type TestDomain } from '../http/test-support.js';
import { convDb, NO_DEADLINE_US, type ConversationsTable } from './tables.js';

/*
 * Inbox pages read one index-ordered arm per status and merge them (inbox-list.ts): the merged pages must be
 * exactly the one order (deadline, priority, age, id) over every asked status, page after page, per view,
 * on SQLite and PostgreSQL (DATABASE_URL).
 */
let t: TestDomain;
const rows: ConversationsTable[] = [];
const sys = systemActor('bench');
const STATUSES = ['open', 'pending', 'snoozed', 'solved'] as const;

beforeAll(async () => {
  t = await testDomain();
  const base = 1_700_000_000_000_000;
  for (let i = 0; i < 40; i++) {
    const status = STATUSES[i % 4]!;
    // Ties on deadline and priority across statuses, so the merge has to fall back to age and id.
    const due = i % 5 === 0 ? NO_DEADLINE_US : base + (i % 7) * 60_000_000;
    rows.push({
      id: `cnv_list_${String((i * 17) % 40).padStart(3, '0')}`,
      customer_id: `cus_list_${i % 6}`,
      status,
      snoozed_until_us: status === 'snoozed' ? base + 86_400_000_000 : null,
      priority: 'normal',
      priority_rank: i % 3,
      queue_id: i % 2 === 0 ? 'team_list_a' : 'team_list_b',
      assignee_id: i % 3 === 0 ? null : `usr_list_${i % 2}`,
      tags: '[]',
      subject: `List ${i}`,
      channels: '["email"]',
      created_at_us: base - (i % 4) * 1_000_000,
      updated_at_us: base,
      last_activity_us: base,
      first_response_at_us: null,
      last_customer_message_at_us: null,
      waiting_since_us: null,
      solved_at_us: status === 'solved' ? base : null,
      closed_at_us: null,
      sla_policy_id: 'default',
      first_response_due_us: null,
      next_response_due_us: null,
      resolution_due_us: null,
      sla_due_us: due,
      pauses: '[]',
      item_count: 1,
    });
  }
  await convDb((t.domain as SqlDomain).database.db).insertInto('conversations').values(rows).execute();
});
afterAll(async () => {
  await t?.close();
});

const key = (r: ConversationsTable) => [r.sla_due_us, r.priority_rank, r.created_at_us, r.id] as const;
function expected(filter: (r: ConversationsTable) => boolean): string[] {
  return rows
    .filter(filter)
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    })
    .map((r) => r.id);
}

async function allPages(query: Omit<ConversationListQuery, 'limit' | 'before'>, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await (t.domain as SqlDomain).conversations.list(sys, { ...query, limit, ...(before ? { before } : {}) } as ConversationListQuery);
    expect(page.conversations.length).toBeLessThanOrEqual(limit);
    seen.push(...page.conversations.map((c) => c.id));
    before = page.nextCursor;
    if (!before) return seen;
  }
  throw new Error('pages never ended');
}

describe('inbox pages merged from one arm per status', () => {
  it('the work (open + pending) in one order across pages, per view', async () => {
    const work = (r: ConversationsTable) => r.status === 'open' || r.status === 'pending';
    expect(await allPages({ view: 'all' } as ConversationListQuery, 3)).toEqual(expected(work));
    expect(await allPages({ view: 'unassigned' } as ConversationListQuery, 4)).toEqual(expected((r) => work(r) && r.assignee_id === null));
    expect(await allPages({ view: 'queue', queue: 'team_list_a' } as ConversationListQuery, 2)).toEqual(expected((r) => work(r) && r.queue_id === 'team_list_a'));
    expect(await allPages({ view: 'all', assignee: 'usr_list_1' } as ConversationListQuery, 5)).toEqual(expected((r) => work(r) && r.assignee_id === 'usr_list_1'));
  });

  it('asked statuses (three arms, or one) and a page larger than the result', async () => {
    const three = ['pending', 'snoozed', 'solved'] as const;
    expect(await allPages({ view: 'all', status: [...three] } as ConversationListQuery, 3)).toEqual(expected((r) => (three as readonly string[]).includes(r.status)));
    expect(await allPages({ view: 'all', status: ['solved'] } as ConversationListQuery, 200)).toEqual(expected((r) => r.status === 'solved'));
  });
});
