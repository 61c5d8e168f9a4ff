import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyEventType, EVENT_CATEGORIES, EVENT_TYPE, EVENT_VOCABULARY } from '../../shared/index.js';
import { IMPORT_FORMATS, loadImport, type ImportFormat } from '../connectors/import/formats.js';
import { DATA_DIR, hasData, listFiles } from '../connectors/test/fixtures.js';
import { domainOn } from '../create-domain.js';
import type { Domain } from '../domain.js';
import { openTestDatabase, testDialects } from '../storage/test-database.js';
import { ConnectorFeed } from './eval/connector-feed.js';
import { DAY, HOUR, MIN, Persona } from './eval/persona.js';
import { ENGINE_READS } from './event-reading.js';
import { systemActor } from '../../shared/actor.js';
import type { CounterService } from '../counter/counter-service.js';
import { userActor } from '../../shared/actor.js';
import type { CallLogPort } from '../call-logs/port.js';
import type { SqlDomain } from '../create-domain.js';

/*
 * Contract: every type a connector writes (through its REAL delivery path, stored and merged on
 * each backend) and every type an import format produces is in the shared vocabulary and the
 * engine has decided to read it or ignore it. A custom type sent to the events API is accepted
 * and classified `unknown`, which the engine explicitly ignores.
 */

const NOW = Date.now();
const CUSTOM_TYPE = 'acme.loyalty_points_synced';

function engineDecides(type: string): 'reads' | 'ignores' | 'UNDECIDED' {
  return ENGINE_READS[classifyEventType(type).category] ?? 'UNDECIDED';
}

describe('the shared event-type vocabulary', () => {
  it('knows every type the connectors name, and the engine decides every category', () => {
    for (const t of Object.values(EVENT_TYPE)) expect(classifyEventType(t), t).toMatchObject({ known: true });
    for (const c of EVENT_CATEGORIES) expect(ENGINE_READS[c], c).toMatch(/^(reads|ignores)$/);
    for (const [t, e] of Object.entries(EVENT_VOCABULARY)) expect(EVENT_CATEGORIES, t).toContain(e.category);
  });

  it('classifies families: every shipment.* counts, action.* is an executed action, others are unknown', () => {
    expect(classifyEventType('shipment.delayed').category).toBe('shipment_delayed');
    expect(classifyEventType('shipment.out_for_delivery').category).toBe('shipment');
    expect(classifyEventType('shipment.delivered').category).toBe('shipment_delivered');
    expect(classifyEventType('action.credit').category).toBe('action_executed');
    expect(classifyEventType(CUSTOM_TYPE)).toMatchObject({ known: false, category: 'unknown' });
    expect(classifyEventType('constructor')).toMatchObject({ known: false });
    expect(engineDecides(CUSTOM_TYPE)).toBe('ignores');
  });
});

describe.each(testDialects())('every connector writes types the engine knows or explicitly ignores (%s)', (dialect) => {
  let domain: Domain;
  let feed: ConnectorFeed;
  const stored = new Map<string, string>(); // type -> source, as stored after merges
  let checkoutType: string | undefined;

  beforeAll(async () => {
    domain = await domainOn(await openTestDatabase(dialect), { defaultRegion: 'US' });
    feed = new ConnectorFeed(domain);
    const p = new Persona(feed, 'contract', NOW);
    // Shopify: every supported topic.
    await p.account(30 * DAY);
    await feed.shopify('customers/update', { id: 1, email: p.email, first_name: 'Alex', updated_at: new Date(NOW - DAY).toISOString() });
    const order = await p.order(5 * DAY, [{ title: 'Tent', price: 300 }]);
    await p.fulfillment(order, 4 * DAY, 'in_transit');
    await p.fulfillment(order, 3 * DAY, 'delivered');
    const cancelled = await p.order(4 * DAY, [{ title: 'Mug', price: 12 }], { financial: 'voided' });
    const id = (name: string) => p.shopifyOrderId(name);
    await feed.shopify('orders/cancelled', { id: id(cancelled), name: cancelled, email: p.email, cancelled_at: new Date(NOW - 3 * DAY).toISOString(), financial_status: 'voided', total_price: '12.00', currency: 'USD', updated_at: new Date(NOW - 3 * DAY).toISOString(), customer: { email: p.email } });
    await feed.shopify('refunds/create', { id: 555, order_id: id(order), created_at: new Date(NOW - 2 * DAY).toISOString(), transactions: [{ kind: 'refund', status: 'success', amount: '30.00', currency: 'USD' }] });
    await feed.shopify('fulfillments/create', { id: 8181, order_id: 99999999, status: 'success', shipment_status: 'in_transit', email: p.email, created_at: new Date(NOW - DAY).toISOString() });
    const token = await p.checkout(2 * HOUR, [{ title: 'Poles', price: 129 }], HOUR);
    // A late retry of an earlier (abandoned) checkout state must not turn it back into a cart.
    await feed.shopify('checkouts/update', { token, email: p.email, created_at: new Date(NOW - 2 * HOUR).toISOString(), updated_at: new Date(NOW - 90 * MIN).toISOString(), currency: 'USD', line_items: [] });
    // Twilio voice and messaging, both directions.
    await p.call(3 * HOUR);
    // A Twilio <Enqueue> callback (the floor's voice waits): one call.queue item beside the call.
    await feed.twilioVoice({ CallSid: 'CAqueue1', From: p.phone, To: '+18005550100', Direction: 'inbound', CallStatus: 'in-progress', QueueSid: 'QU1', QueueTime: '12', QueueResult: 'bridged' });
    await feed.twilioVoice({ CallSid: 'CAout1', From: '+18005550100', To: p.phone, Direction: 'outbound-api', CallStatus: 'completed', CallDuration: '30' });
    await p.smsIn(2 * HOUR, 'Hello');
    await p.smsOut(HOUR, 'Hi!');
    // Email: raw (incl. an auto-reply) and SendGrid (parsed and raw mode).
    await p.emailIn(5 * HOUR, 'Question', 'Do you ship to Canada?');
    await feed.email([`From: ${p.email}`, 'To: support@northwind.example', 'Subject: Out of office', 'Auto-Submitted: auto-replied', 'Message-ID: <ooo@x>', '', 'I am away', ''].join('\n'));
    await p.sendgridIn(4 * HOUR, 'Sizes', 'Which size?');
    await feed.sendgrid({ email: [`From: ${p.email}`, 'To: support@northwind.example', 'Subject: Raw mode', 'Message-ID: <raw-mode@x>', '', 'Raw body', ''].join('\r\n') });
    // Chat, then the visitor gives a phone number (chat.identified).
    await p.chat(3 * HOUR, ['Hi there'], 'open');
    await feed.chat({ conversationId: 'conv-contract', visitor: { email: p.email }, messages: [{ author: 'Alex', role: 'customer', text: 'hi', at: new Date(NOW - 2 * HOUR).toISOString() }] });
    await feed.chat({ conversationId: 'conv-contract', visitor: { email: p.email, phone: '+14155550199' }, messages: [{ author: 'Alex', role: 'customer', text: 'my number', at: new Date(NOW - HOUR).toISOString() }] });
    // POS: sale, return, pickup.
    await p.pos(6 * HOUR, 'SF-UNION', 'sale', 40);
    await p.pos(5 * HOUR, 'SF-UNION', 'return', 40);
    await p.pos(4 * HOUR, 'SF-UNION', 'pickup', 300, { orderNumber: order });
    // Events API: a documented type and a custom one.
    await p.event('store', 'store.visit', 30 * MIN, { storeId: 'SF-UNION' });
    // A satisfaction rating (the floor's CSAT) arrives through the generic events API.
    await p.event('web', EVENT_TYPE.csatRating, 25 * MIN, { rating: 5 });
    // Counter mode: a visit started and ended by an associate, through the counter's own write path.
    const { counter } = domain.features.get('counter') as { counter: CounterService };
    // A new counter customer (not the persona, whose store.visit above already counts as an open visit).
    const { customerId: visitor } = await counter.newCustomer(systemActor('test'), { name: 'Walk In', email: 'walk.in@example.com', emailMarketing: true, smsMarketing: false });
    feed.customerIds.push(visitor);
    await counter.visit(systemActor('test'), visitor, { action: 'start', storeId: 'SF-UNION', storeName: 'Union Square' });
    await counter.visit(systemActor('test'), visitor, { action: 'end' });
    // A call an agent logs on a conversation (server/call-logs), through its own write path.
    const { callLogs } = domain.features.get('call-logs') as { callLogs: CallLogPort };
    const caller = userActor(await domain.auth.createUser({ email: 'contract.caller@test.local', name: 'Contract Caller', role: 'agent', password: 'contract-password-1' }));
    const persona = (await domain.customers.resolveId(systemActor('test'), feed.customerIds[0]!))!;
    const open = await (domain as SqlDomain).database.db.withTables<{ conversations: { id: string; customer_id: string; status: string } }>().selectFrom('conversations').select('id').where('customer_id', '=', persona).where('status', '!=', 'closed').executeTakeFirstOrThrow();
    await callLogs.log(caller, open.id, { idempotencyKey: 'contract-call-1', direction: 'outbound', outcome: 'reached', notes: 'called back' });
    await p.event('web', CUSTOM_TYPE, 20 * MIN, { points: 10 });
    // Real payloads, when the shared data folder is there: Shopify's documented webhook examples and real .eml files.
    if (hasData('shopify/shopify-docs-examples-2026-04')) {
      for (const file of listFiles('shopify/shopify-docs-examples-2026-04', '.json')) {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; response?: object };
        if (doc.name && doc.response) await feed.shopify(doc.name, doc.response).catch(() => undefined);
      }
    }
    for (const file of listFiles('email/eml', '.eml').slice(0, 40)) await feed.email(readFileSync(file, 'latin1')).catch(() => undefined);

    const customers = new Set<string>();
    for (const c of feed.customerIds) customers.add((await domain.customers.resolveId(systemActor('test'), c)) ?? c);
    for (const c of customers) {
      const page = await domain.customers.timeline(systemActor('test'), c, { limit: 500, channel: undefined });
      for (const item of page?.items ?? []) {
        stored.set(item.type, item.source);
        if (item.sourceEventId === `checkout:${token}`) checkoutType = item.type;
      }
    }
  }, 180_000);
  afterAll(async () => {
    await domain?.close();
  });

  it('stores only vocabulary types (plus the custom one, which the engine ignores)', () => {
    const undecided = [...stored.keys()].filter((t) => t !== CUSTOM_TYPE && !classifyEventType(t).known);
    expect(undecided).toEqual([]);
    expect(engineDecides(CUSTOM_TYPE)).toBe('ignores');
    expect([...stored.keys()].map(engineDecides)).not.toContain('UNDECIDED');
  });

  it('covers every connector type', () => {
    // The completed checkout replaced its abandoned cart; social threads come from the twcs import (checked below).
    const expected = Object.values(EVENT_TYPE).filter((t) => t !== EVENT_TYPE.cartAbandoned && t !== EVENT_TYPE.socialThread);
    expect(expected.filter((t) => !stored.has(t))).toEqual([]);
  });

  it('a completed Shopify checkout is stored as checkout.completed, not an abandoned cart', () => {
    expect(checkoutType).toBe(EVENT_TYPE.checkoutCompleted);
  });
});

describe('every import format produces types the engine knows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omni-vocab-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const at = new Date(NOW - DAY).toISOString();
  const samples: Record<ImportFormat, string> = {
    jsonl: [
      { source: 'legacy', sourceEventId: 'j1', channel: 'purchase', type: 'order.created', occurredAt: at, customer: { email: 'a@x.example' }, data: { total: 10 } },
      { source: 'legacy', sourceEventId: 'j2', channel: 'phone', type: 'call.completed', occurredAt: at, customer: { email: 'a@x.example' }, data: { direction: 'inbound' } },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n'),
    'shopify-orders': JSON.stringify([{ id: 1, name: '#1', email: 'a@x.example', created_at: at, currency: 'USD', total_price: '10.00', line_items: [{ title: 'x', quantity: 1, price: '10.00' }] }]),
    'pos-csv': `storeId,receiptNumber,type,occurredAt,email,title,quantity,unitPrice,total,currency\nS1,R1,sale,${at},a@x.example,Socks,1,5,5,USD\nS1,R2,return,${at},a@x.example,Socks,1,5,5,USD\nS1,R3,pickup,${at},a@x.example,Tent,1,300,300,USD\n`,
    'online-retail-csv': 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,HEART,6,2010-12-01 08:26,2.55,17850,United Kingdom\nC536379,D,Discount,-1,2010-12-01 09:41,27.5,14527,United Kingdom\n',
    'twcs-csv': 'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,@115712 hi,,3\n3,115712,True,Tue Oct 31 22:08:27 +0000 2017,@sprintcare where is my phone,1,\n',
    'abcd-json': JSON.stringify([{ convo_id: 7, scenario: { personal: { customer_name: 'Ann Lee', email: 'ann@x.example', phone: '(415) 555-0123' }, order: { order_id: '123' } }, original: [['customer', 'my order is late'], ['agent', 'let me check']] }]),
  };
  const realFiles: Partial<Record<ImportFormat, string>> = {
    'online-retail-csv': 'retail/uci_online_retail_sample_20k.csv',
    'twcs-csv': 'support-conversations/twcs/twcs_kaggle_sample.csv',
    'abcd-json': 'support-conversations/abcd/abcd_sample.json',
  };

  it.each(IMPORT_FORMATS.map((f) => [f]))('%s', (format) => {
    const file = join(dir, `sample.${format}`);
    writeFileSync(file, samples[format]);
    const files = [file, ...(realFiles[format] && hasData(realFiles[format]!) ? [join(DATA_DIR, realFiles[format]!)] : [])];
    const types = new Set<string>();
    for (const f of files) for (const u of loadImport(f, format, 'US').units) if (u.event) types.add(u.event.type);
    expect(types.size).toBeGreaterThan(0);
    expect([...types].filter((t) => !classifyEventType(t).known || engineDecides(t) === 'UNDECIDED')).toEqual([]);
  });
});
