import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, DeadLetterListSchema } from '../../../shared/index.js';
import { connectorApp, DATA_DIR, hasData, readJson, TEST_PUBLIC_URL, TEST_TWILIO_TOKEN, type ConnectorTestApp } from '../test/fixtures.js';
import { twilioSignature } from './verify.js';
import { join } from 'node:path';
import { systemActor } from '../../../shared/actor.js';

let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp();
});
afterAll(async () => {
  await h?.close();
});

function send(kind: 'voice' | 'messaging', params: Record<string, string>, opts: { token?: string; url?: string } = {}) {
  const path = `/api/v1/connectors/twilio/${kind}`;
  const list = Object.entries(params);
  const sig = twilioSignature(opts.token ?? TEST_TWILIO_TOKEN, (opts.url ?? TEST_PUBLIC_URL) + path, list);
  return h.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    payload: new URLSearchParams(list).toString(),
  });
}
const db = () => (h.t.domain as unknown as { database: { db: import('../../storage/schema.js').Db } }).database.db;
const rowsFor = async (sid: string) => db().selectFrom('events').selectAll().where('source_event_id', '=', sid).execute();

const CALL = { CallSid: 'CAtest0001', From: '+14155550142', To: '+18005550100', Direction: 'inbound', AccountSid: 'AC1' };

describe('twilio connector', () => {
  it('computes the documented signature (Twilio docs example)', () => {
    // https://www.twilio.com/docs/usage/security#validating-requests
    const params: [string, string][] = [
      ['CallSid', 'CA1234567890ABCDE'],
      ['Caller', '+12349013030'],
      ['Digits', '1234'],
      ['From', '+12349013030'],
      ['To', '+18005551212'],
    ];
    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('rejects a bad signature with 401 and keeps the callback as a dead letter', async () => {
    const res = await send('voice', { ...CALL, CallStatus: 'ringing' }, { token: 'wrong' });
    expect(res.statusCode).toBe(401);
    const res2 = await send('voice', { ...CALL, CallStatus: 'ringing' }, { url: 'http://elsewhere' });
    expect(res2.statusCode).toBe(401);
    const list = DeadLetterListSchema.parse((await h.app.inject({ method: 'GET', url: '/api/v1/dead-letters?connector=twilio-voice', headers: { authorization: `Bearer ${h.adminToken}` } })).json());
    expect(list.deadLetters.length).toBe(2);
    expect(list.deadLetters[0]!.bodyBase64.length).toBeGreaterThan(0);
    expect(await rowsFor('CAtest0001')).toHaveLength(0);
  });

  it('turns successive status callbacks of one call into ONE item with the status progression', async () => {
    const statuses = ['initiated', 'ringing', 'in-progress', 'completed'];
    const seen: string[] = [];
    for (const [i, s] of statuses.entries()) {
      const extra: Record<string, string> = s === 'completed' ? { CallDuration: '42', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' } : {};
      const res = await send('voice', { ...CALL, CallStatus: s, SequenceNumber: String(i), Timestamp: `Sat, 15 May 2021 04:17:0${i} +0000`, ...extra });
      expect(res.statusCode, res.body).toBe(202);
      seen.push(ConnectorResponseSchema.parse(res.json()).results[0]!.status);
    }
    expect(seen).toEqual(['created', 'updated', 'updated', 'updated']);
    // A retried callback changes nothing; a late non-terminal one does not undo "completed".
    const retry = await send('voice', { ...CALL, CallStatus: 'completed', SequenceNumber: '3', Timestamp: 'Sat, 15 May 2021 04:17:03 +0000', CallDuration: '42', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' });
    expect(ConnectorResponseSchema.parse(retry.json()).results[0]!.status).toBe('duplicate');
    await send('voice', { ...CALL, CallStatus: 'ringing', SequenceNumber: '1', Timestamp: 'Sat, 15 May 2021 04:17:09 +0000' });

    const rows = await rowsFor('CAtest0001');
    expect(rows).toHaveLength(1);
    const data = JSON.parse(rows[0]!.data);
    expect(data).toMatchObject({ direction: 'inbound', status: 'completed', outcome: 'completed', durationSec: 42, recordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' });
    expect(data.statuses.map((s: { status: string }) => s.status)).toEqual([...statuses, 'ringing']);
    const customer = await h.t.domain.customers.summary(systemActor('test'), rows[0]!.customer_id);
    expect(customer).toMatchObject({ phones: ['+14155550142'], eventCount: 1 });
  });

  it('ingests an SMS and its status callbacks as one item', async () => {
    const first = await send('messaging', { MessageSid: 'SMtest1', From: '+14155550199', To: '+18005550100', Body: 'Is my order shipped?', SmsStatus: 'received' });
    expect(first.statusCode, first.body).toBe(202);
    const out = await send('messaging', { MessageSid: 'SMtest2', From: '+18005550100', To: '+14155550199', Body: 'Yes, today!', MessageStatus: 'sent' });
    expect(out.statusCode).toBe(202);
    await send('messaging', { MessageSid: 'SMtest2', From: '+18005550100', To: '+14155550199', MessageStatus: 'delivered' });
    const rows = await rowsFor('SMtest2');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.summary).toBe('Yes, today!');
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ direction: 'outbound', status: 'delivered', body: 'Yes, today!' });
    expect(rows[0]!.customer_id).toBe((await rowsFor('SMtest1'))[0]!.customer_id);
  });

  it('rejects a non-form body with 415 and a callback without a CallSid with 400 (both dead-lettered)', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/twilio/voice', headers: { 'content-type': 'application/json', 'x-twilio-signature': 'x' }, payload: '{}' });
    expect(res.statusCode).toBe(415);
    const res2 = await send('voice', { CallStatus: 'ringing', From: '+14155550142' });
    expect(res2.statusCode).toBe(400);
    expect(res2.json()).toMatchObject({ error: { issues: [{ path: 'CallSid' }] } });
  });
});

/** Real captures: speakez (a QueryDict dump, every value a 1-element list) and the Ballerina samples. */
describe.skipIf(!hasData('twilio'))('real Twilio payloads (../shared/data/twilio)', () => {
  const flat = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]));

  it('ingests the speakez outbound call callback (customer = To)', async () => {
    const params = flat(readJson(join(DATA_DIR, 'twilio/speakez_call_status_callback_completed.json')) as Record<string, unknown>);
    const res = await send('voice', params);
    expect(res.statusCode, res.body).toBe(202);
    const rows = await rowsFor(params['CallSid']!);
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ direction: 'outbound', status: 'completed', durationSec: 17, answeredBy: 'machine_start' });
    expect((await h.t.domain.customers.summary(systemActor('test'), rows[0]!.customer_id))!.phones).toEqual(['+15153573516']);
  });

  it('ingests the Ballerina call samples (3 callbacks, one CallSid -> one item) and SMS samples', async () => {
    const calls = Object.values(readJson(join(DATA_DIR, 'twilio/ballerina_CallStatusChangeEvent_data.json')) as Record<string, Record<string, unknown>[]>)[0]!;
    for (const c of calls) {
      const res = await send('voice', flat(c));
      expect(res.statusCode, res.body).toBe(202);
    }
    expect(await rowsFor(String(calls[0]!['CallSid']))).toHaveLength(new Set(calls.map((c) => c['CallSid'])).size);
    const sms = Object.values(readJson(join(DATA_DIR, 'twilio/ballerina_SmsStatusChangeEvent_data.json')) as Record<string, Record<string, unknown>[]>)[0]!;
    for (const m of sms) {
      const res = await send('messaging', flat(m));
      expect(res.statusCode, res.body).toBe(202);
    }
    const rows = await rowsFor(String(sms[0]!['MessageSid']));
    expect(rows).toHaveLength(1);
    // From arrived still URL-encoded (%2B94…): decoded to the Sri Lankan mobile number.
    expect((await h.t.domain.customers.summary(systemActor('test'), rows[0]!.customer_id))!.phones).toEqual(['+94756485071']);
  });
});
