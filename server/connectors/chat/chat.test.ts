import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatDataSchema, ConnectorResponseSchema } from '../../../shared/index.js';
import { TEST_INGEST_KEY } from '../../http/test-support.js';
import { EventRecorder } from '../../storage/test-domain.js';
import { connectorApp, DATA_DIR, hasData, type ConnectorTestApp } from '../test/fixtures.js';
import { systemActor } from '../../../shared/actor.js';

let h: ConnectorTestApp;
let fan: EventRecorder;
beforeAll(async () => {
  h = await connectorApp();
  fan = new EventRecorder();
  fan.attach(h.t.domain.events);
});
afterAll(async () => {
  await h?.close();
});

const post = (payload: unknown) =>
  h.app.inject({ method: 'POST', url: '/api/v1/connectors/chat', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
const db = () => (h.t.domain as unknown as { database: { db: import('../../storage/schema.js').Db } }).database.db;

describe('chat connector', () => {
  it('grows ONE item per conversation, live (each change fanned out with the same id and a higher seq)', async () => {
    const visitor = { email: 'dee@example.com', name: 'Dee' };
    const m1 = { id: 'm1', author: 'Dee', role: 'customer', text: 'Hi, my parcel is late', at: '2024-05-01T10:00:00Z' };
    const m2 = { id: 'm2', author: 'Sam', role: 'agent', text: 'Let me check', at: '2024-05-01T10:00:30Z' };
    const first = await post({ conversationId: 'conv-1', visitor, messages: [m1] });
    expect(first.statusCode, first.body).toBe(202);
    expect(ConnectorResponseSchema.parse(first.json()).results[0]!.status).toBe('created');
    const second = await post({ conversationId: 'conv-1', visitor, messages: [m2] });
    expect(ConnectorResponseSchema.parse(second.json()).results[0]!.status).toBe('updated');
    // The whole transcript re-posted adds nothing; closing updates the status.
    expect(ConnectorResponseSchema.parse((await post({ conversationId: 'conv-1', visitor, messages: [m1, m2] })).json()).results[0]!.status).toBe('duplicate');
    await post({ conversationId: 'conv-1', visitor, status: 'closed' , messages: [] });

    const rows = await db().selectFrom('events').selectAll().where('source', '=', 'chat').where('source_event_id', '=', 'conv-1').execute();
    expect(rows).toHaveLength(1);
    const data = ChatDataSchema.parse(JSON.parse(rows[0]!.data));
    expect(data.messages!.map((m) => m.text)).toEqual(['Hi, my parcel is late', 'Let me check']);
    expect(data.status).toBe('closed');
    expect(rows[0]!.summary).toBe('Sam: Let me check');
    const items = fan.calls.filter((c) => c.kind === 'item').map((c) => (c as { item: { id: string; seq: number } }).item);
    expect(new Set(items.map((i) => i.id))).toEqual(new Set([rows[0]!.id]));
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((a, b) => a - b));
    expect(items).toHaveLength(3);
  });

  it('attaches identifiers a visitor gives mid-chat to the same customer (merging a known one)', async () => {
    const m = (id: string, text: string, at: string) => ({ id, author: 'Vi', role: 'customer', text, at });
    // A phone-only customer already exists from an earlier call.
    const known = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/chat', headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' }, payload: JSON.stringify({ conversationId: 'old', visitor: { phone: '+14155550177' }, messages: [m('o1', 'hi', '2024-04-01T10:00:00Z')] }) });
    const knownId = ConnectorResponseSchema.parse(known.json()).results[0]!.customerId;
    const first = ConnectorResponseSchema.parse((await post({ conversationId: 'conv-id', visitor: { email: 'vi@example.com' }, messages: [m('a', 'hello', '2024-05-01T10:00:00Z')] })).json()).results[0]!;
    const second = await post({ conversationId: 'conv-id', visitor: { email: 'vi@example.com', phone: '+14155550177' }, messages: [m('b', 'my number is 415 555 0177', '2024-05-01T10:01:00Z')] });
    expect(second.statusCode, second.body).toBe(202);
    expect(ConnectorResponseSchema.parse(second.json()).results.map((r) => r.status)).toEqual(['updated', 'created']);
    const survivor = await h.t.domain.customers.resolveId(systemActor('test'), first.customerId);
    expect(await h.t.domain.customers.resolveId(systemActor('test'), knownId)).toBe(survivor);
    const summary = await h.t.domain.customers.summary(systemActor('test'), survivor!);
    expect(summary).toMatchObject({ emails: ['vi@example.com'], phones: ['+14155550177'] });
    // Sending the same again adds nothing.
    expect(ConnectorResponseSchema.parse((await post({ conversationId: 'conv-id', visitor: { email: 'vi@example.com', phone: '+14155550177' }, messages: [] })).json()).results.map((r) => r.status)).toEqual(['duplicate']);
  });

  it('names the bad field (400) and dead-letters it', async () => {
    const res = await post({ conversationId: 'c2', visitor: { email: 'x@example.com' }, messages: [{ author: 'x', text: 'hi', at: 'yesterday' }] });
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('messages[0].at');
    const res2 = await post({ conversationId: 'c3', visitor: { name: 'nobody' }, messages: [{ author: 'x', text: 'hi', at: '2024-05-01T10:00:00Z' }] });
    expect(res2.statusCode).toBe(400);
    expect((await h.t.domain.connectors.listDeadLetters(systemActor('test'), { connector: 'chat', limit: 10 })).length).toBe(2);
  });
});

/** The ABCD sample transcripts (scenario PII: email, phone) as chat conversations. */
describe.skipIf(!hasData('support-conversations/abcd'))('real ABCD transcripts', () => {
  it('ingests each conversation as one chat item on the scenario customer', async () => {
    const convos = JSON.parse(readFileSync(join(DATA_DIR, 'support-conversations/abcd/abcd_sample.json'), 'utf8')) as {
      convo_id: number;
      scenario: { personal: { customer_name?: string; email?: string; phone?: string } };
      original: [string, string][];
    }[];
    for (const c of convos) {
      const start = Date.UTC(2024, 0, 1, 9) + c.convo_id * 1000;
      const messages = c.original
        .filter(([role]) => role !== 'action')
        .map(([role, text], i) => ({ author: role === 'agent' ? 'Agent' : (c.scenario.personal.customer_name ?? 'Customer'), role: role === 'agent' ? 'agent' : 'customer', text, at: new Date(start + i * 15_000).toISOString() }));
      const res = await post({ conversationId: `abcd-${c.convo_id}`, visitor: { email: c.scenario.personal.email, phone: c.scenario.personal.phone, name: c.scenario.personal.customer_name }, status: 'closed', messages });
      expect(res.statusCode, res.body).toBe(202);
    }
    const rows = await db().selectFrom('events').selectAll().where('source', '=', 'chat').where('source_event_id', 'like', 'abcd-%').execute();
    expect(rows).toHaveLength(convos.length);
  });
});
