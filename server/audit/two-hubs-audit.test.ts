import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditChainReportSchema, AuditLogPageSchema } from '../../shared/index.js';
import { startTwoHubs, twoHubsSkipReason, type TwoHubs } from '../testing/two-hubs.js';

/*
 * Two hub processes on one PostgreSQL: sign-ins and refused sign-ins arrive on both at once, and the
 * audit trail stays one chain (no fork, no gap) that either hub verifies.
 */
const skip = twoHubsSkipReason();

// Two real hub processes need DATABASE_URL (PostgreSQL) and REDIS_URL: skipped in the SQLite pass with
// twoHubsSkipReason()'s reason in the title; the PostgreSQL pass of .ci/run runs it.
describe.skipIf(skip !== undefined)(`audit chain across two hubs (PostgreSQL + Redis)${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let hubs: TwoHubs;
  beforeAll(async () => {
    hubs = await startTwoHubs();
  }, 120_000);
  afterAll(async () => {
    await hubs?.close();
  });

  const login = (url: string, password: string) =>
    fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@two.hubs', password }) }).then((r) => r.status);

  it('appends from both hubs into one valid chain', async () => {
    const statuses = await Promise.all(Array.from({ length: 16 }, (_, i) => login(i % 2 ? hubs.a.url : hubs.b.url, `guess-${i}`)));
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    await Promise.all([hubs.a.client.login(), hubs.b.client.login()]);

    for (const hub of [hubs.a, hubs.b]) {
      const verify = await hub.client.call('GET', '/api/v1/audit/verify');
      expect(verify.status).toBe(200);
      expect(AuditChainReportSchema.parse(verify.json)).toMatchObject({ ok: true, broken: null });
    }
    const page = AuditLogPageSchema.parse((await hubs.a.client.call('GET', '/api/v1/audit?limit=200')).json);
    expect(page.entries.filter((e) => e.action === 'auth.login.failed')).toHaveLength(16);
    const seqs = page.entries.map((e) => e.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  }, 60_000);
});
