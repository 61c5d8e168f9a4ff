import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../storage/test-database.js';
import { heldByQuery } from './claims.js';
import { routingDb } from './tables.js';

/*
 * Routing's sweep asks every second which open conversations absent agents hold: by the assignee index, never a
 * walk of every open conversation (a join from conversations did that: 364 ms at 85k open, for no absent agent).
 * SQLite's plan only: PostgreSQL's planner may rightly scan a tiny test table, so its plan proves nothing there.
 */
describe('work held by absent agents (SQLite plan)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
  });
  afterAll(() => database?.close());

  it('reads the conversations of the given agents by the assignee index', () => {
    if (database.raw.dialect !== 'sqlite') return;
    const compiled = heldByQuery(routingDb(database.db), ['usr_a', 'usr_b'], 1000).compile();
    const plan = (database.raw.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/INDEX conversations_assignee \(assignee_id=\? AND status=\?\)/);
  });
});
