import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../storage/test-database.js';
import { sweepCandidates } from './sla-sweep.js';
import { slaDb } from './sla-tables.js';

/*
 * The SLA sweep runs every 30 s inside a write transaction: it must read only the conversations whose clocks fall in
 * its window, by index, never visit every open conversation (an OR of the three ranges did: 145 ms at 85k open).
 * SQLite's plan only: PostgreSQL's planner may rightly scan a tiny test table, so its plan proves nothing there.
 */
describe('SLA sweep candidates (SQLite plan)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase('sqlite');
  });
  afterAll(() => database?.close());

  it('reads each clock by its own index range', () => {
    if (database.raw.dialect !== 'sqlite') return;
    const now = Date.now() * 1000;
    const compiled = sweepCandidates(slaDb(database.db), now - 86_400_000_000, now + 900_000_000, 2000).compile();
    const plan = (database.raw.sqlite.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail);
    for (const col of ['first_response_due_us', 'next_response_due_us', 'resolution_due_us']) {
      expect(plan.some((d) => d.includes(`INDEX conversations_${col} (status=? AND ${col}>? AND ${col}<?)`))).toBe(true);
    }
    expect(plan.some((d) => /^SCAN conversations|^SCAN c\b/.test(d))).toBe(false);
  });
});
