import { StatementCapture } from '../testing/query-plans.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, userActor, type IngestEvent } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { openTestDatabase, testDialects, type TestDatabase } from '../storage/test-database.js';
import { privacyOf } from './port.js';

/*
 * A customer's consent on the request path (the profile, consentFor) reads consent_signals by its index, never
 * the customer's events (issue 15: a heavy customer keeps ~2,000 of them). Statements are captured through a
 * Kysely plugin on the domain's own connection, then explained on the same database.
 */

const EVENTS = 600;
const agent = userActor({ id: 'usr_agent', email: 'agent@x.com', name: 'Agent', role: 'agent' });

describe.each(testDialects())('consent on the request path on %s', (dialect) => {
  let database: TestDatabase;
  let domain: SqlDomain;
  let capture: StatementCapture;
  let id: string;
  const who = { email: 'heavy@x.com', name: 'Hea Vy' };
  // Every fifth event carries a signal (STOP / START texts, orders with marketing consent): many rows per channel.
  const ev = (i: number): IngestEvent => ({
    source: 'test',
    sourceEventId: `h${i}`,
    channel: i % 5 === 0 ? 'sms' : i % 5 === 1 ? 'purchase' : 'email',
    type: i % 5 === 0 ? 'sms.received' : i % 5 === 1 ? 'order' : 'email.received',
    occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    customer: who,
    data: i % 5 === 0 ? { direction: 'inbound', body: i % 10 === 0 ? 'STOP' : 'START' } : i % 5 === 1 && i % 2 === 0 ? { total: 5, marketingConsent: { email: 'granted' } } : {},
  });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const base = database.db;
    capture = new StatementCapture((node) => base.getExecutor().compileQuery(node, { queryId: 'capture' }));
    domain = await domainOn({ ...database, db: base.withPlugin(capture) }, { defaultRegion: 'US' });
    const out = await domain.ingest.ingest(systemActor('test'), Array.from({ length: EVENTS }, (_, i) => ev(i)));
    id = out.results[0]!.customerId;
    // Background work after ingest (customer value, the match index) reads events: done before capturing.
    await domain.events.idle();
    await domain.value.idle();
    await domain.duplicates.index.settled();
  }, 60_000);
  afterAll(async () => {
    await domain.close();
  });

  it('the profile and consentFor read no event, and consent_signals only by its customer index', async () => {
    await domain.customers.profile(agent, id); // customer value's first read of this customer is not the point here
    capture.sql.length = 0;
    capture.on = true;
    const profile = await domain.customers.profile(agent, id);
    const sms = await privacyOf(domain).consentFor(id, 'sms');
    capture.on = false;
    expect(profile!.consents!.map((c) => c.state)).toEqual(['granted', 'granted']);
    expect(sms).toBe('granted');
    const statements = capture.sql;
    expect(statements.filter((s) => /from "events"/i.test(s.sql)).map((s) => s.sql)).toEqual([]);
    const consentReads = statements.filter((s) => /from "consent_signals"/i.test(s.sql));
    expect(consentReads.length).toBeGreaterThan(0);
    const raw = database.raw;
    for (const q of consentReads) {
      if (raw.dialect === 'sqlite') {
        const plan = (raw.sqlite.prepare(`explain query plan ${q.sql}`).all(...q.parameters) as { detail: string }[]).map((r) => r.detail);
        expect(plan.join('\n')).not.toMatch(/SCAN consent_signals/);
        expect(plan.filter((d) => /consent_signals/.test(d)).every((d) => /USING (COVERING )?INDEX consent_signals_customer \(customer_id=\? AND consent_channel=\?/.test(d)), plan.join('\n')).toBe(true);
      } else {
        // A tiny test table may rightly be scanned by PostgreSQL's planner: with scans priced out, the index must serve the read.
        const client = await raw.pool.connect();
        try {
          await client.query('set enable_seqscan = off');
          const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain ${q.sql}`, [...q.parameters])).rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan).not.toMatch(/Seq Scan/);
          expect(plan).toMatch(/consent_signals_customer/);
        } finally {
          await client.query('reset enable_seqscan');
          client.release();
        }
      }
    }
  });
});
