import type { KyselyPlugin, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, userActor, type IngestEvent } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import { testDialects, openTestDatabase, type TestDatabase } from '../storage/test-database.js';
import { FEATURE_WINDOW } from './action-service.js';

/*
 * Opening a customer with thousands of events: the profile, then next actions (which reads the profile
 * again). Neither may walk the customer's events: next actions reads its window of the newest FEATURE_WINDOW
 * events, and the consents come from consent_signals (server/privacy/consent-signals.ts), not from the events.
 * Statements are captured through a Kysely plugin on the domain's own connection.
 */

const EVENTS = 1_500;
const agent = userActor({ id: 'usr_agent', email: 'agent@x.com', name: 'Agent', role: 'agent' });

class Capture implements KyselyPlugin {
  on = false;
  readonly sql: string[] = [];
  constructor(private readonly compile: (node: RootOperationNode) => string) {}
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    if (this.on) this.sql.push(this.compile(args.node));
    return args.node;
  }
  transformResult(args: { result: QueryResult<UnknownRow> }): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describe.each(testDialects())('reads of a heavy customer on %s', (dialect) => {
  let database: TestDatabase;
  let domain: SqlDomain;
  let capture: Capture;
  let id: string;
  const who = { email: 'heavy@x.com', name: 'Hea Vy' };
  const ev = (i: number, over: Partial<IngestEvent> = {}): IngestEvent => ({
    source: 'test',
    sourceEventId: `h${i}`,
    channel: i % 3 === 0 ? 'sms' : 'email',
    type: i % 3 === 0 ? 'sms.received' : 'email.received',
    occurredAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    customer: who,
    summary: `event ${i}`,
    data: i % 3 === 0 ? { direction: 'inbound', body: 'Where is my order?' } : {},
    ...over,
  });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const base = database.db;
    capture = new Capture((node) => base.getExecutor().compileQuery(node, { queryId: 'capture' }).sql);
    domain = await domainOn({ ...database, db: base.withPlugin(capture) }, { defaultRegion: 'US' });
    for (let from = 0; from < EVENTS; from += 500) {
      const out = await domain.ingest.ingest(systemActor('test'), Array.from({ length: 500 }, (_, k) => ev(from + k)));
      id = out.results[0]!.customerId;
    }
  }, 60_000);
  afterAll(async () => {
    await domain.close();
  });

  const eventReads = () => capture.sql.filter((s) => /from "events"/i.test(s));

  it('next actions after the profile reads the window of events and nothing else of them', async () => {
    // Work the ingest left in the background (customer value, the match index) reads events too: done first.
    await domain.events.idle();
    await domain.value.idle();
    await domain.duplicates.index.settled();
    await domain.customers.profile(agent, id);
    capture.sql.length = 0;
    capture.on = true;
    const actions = await domain.actions.list(agent, id);
    capture.on = false;
    expect(actions).not.toBeNull();
    const reads = eventReads();
    expect(capture.sql.some((s) => /conversation_items/.test(s))).toBe(false);
    // The window, bounded by its LIMIT: the consents are read from consent_signals.
    expect(reads, reads.join("\n")).toHaveLength(1);
    expect(capture.sql.some((s) => /from "consent_signals"/.test(s))).toBe(true);
    const window = reads[0]!;
    expect(window).toMatch(/limit/i);
    const raw = database.raw;
    if (raw.dialect === 'sqlite') {
      const plan = (q: string) => (raw.sqlite.prepare(`explain query plan ${q}`).all(...q.split('?').slice(1).map(() => id)) as { detail: string }[]).map((r) => r.detail);
      expect(plan(window.replace(/limit \?/i, `limit ${FEATURE_WINDOW}`))).toEqual(['SEARCH events USING INDEX events_customer_time (customer_id=?)']);
    } else {
      // Every $n of this statement is the customer id (the window's LIMIT is inlined).
      const explain = async (q: string) => (await raw.pool.query<{ 'QUERY PLAN': string }>(`explain ${q.replace(/limit \$\d+/i, `limit ${FEATURE_WINDOW}`).replace(/\$\d+/g, '$1')}`, [id])).rows.map((r) => r['QUERY PLAN']).join('\n');
      await raw.pool.query('analyze events');
      expect(await explain(window)).not.toMatch(/Seq Scan on events/);
    }
  });

  it('a new event carrying a consent: the profile sees it at once', async () => {
    expect((await domain.customers.profile(agent, id))!.consents!.find((c) => c.channel === 'sms')!.state).toBe('unknown');
    await domain.ingest.ingest(systemActor('test'), [ev(EVENTS + 1, { channel: 'sms', type: 'sms.received', data: { direction: 'inbound', body: 'STOP' } })]);
    expect((await domain.customers.profile(agent, id))!.consents!.find((c) => c.channel === 'sms')!.state).toBe('denied');
  });
});
