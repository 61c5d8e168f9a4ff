import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveMetricsSchema, systemActor } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { connectorApp, TEST_PUBLIC_URL, TEST_TWILIO_TOKEN, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import { twilioSignature } from '../connectors/twilio/verify.js';

/*
 * Voice waits from Twilio's queue callbacks through the existing signed voice webhook: a caller enqueued,
 * bridged after QueueTime (answered), another hanging up (abandoned), a third hanging up at once (short).
 * The callback URL names our queue (`?queue=`), which the signature covers.
 */
let h: ConnectorTestApp;
let queueId: string;
beforeAll(async () => {
  h = await connectorApp();
  queueId = (await (h.t.domain as unknown as SqlDomain).teams.create(systemActor('test'), { name: 'Phones' })).id;
});
afterAll(async () => {
  await h?.close();
});

function send(params: Record<string, string>, queue: string) {
  const path = `/api/v1/connectors/twilio/voice?queue=${queue}`;
  const list = Object.entries(params);
  return h.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TEST_TWILIO_TOKEN, TEST_PUBLIC_URL + path, list) },
    payload: new URLSearchParams(list).toString(),
  });
}
const call = (sid: string) => ({ CallSid: sid, From: '+14155550142', To: '+18005550100', Direction: 'inbound', AccountSid: 'AC1', QueueSid: 'QU1' });
// One base instant per file: the Timestamps' spacing is exact however slow the requests between them are.
const base = Date.now();
const ago = (s: number) => new Date(base - s * 1000).toISOString();

describe('Twilio queue callbacks -> voice legs', () => {
  it('enqueue, bridged, hangup and a short hangup become offered, answered, abandoned and short abandoned', async () => {
    expect((await send({ ...call('CAq1'), CallStatus: 'in-progress', QueueTime: '0', QueuePosition: '1', Timestamp: ago(30) }, queueId)).statusCode).toBeLessThan(300);
    expect((await send({ ...call('CAq1'), CallStatus: 'in-progress', QueueResult: 'bridged', QueueTime: '12', Timestamp: ago(18) }, queueId)).statusCode).toBeLessThan(300);
    expect((await send({ ...call('CAq2'), CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '40', Timestamp: ago(5) }, queueId)).statusCode).toBeLessThan(300);
    expect((await send({ ...call('CAq3'), CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '2', Timestamp: ago(4) }, queueId)).statusCode).toBeLessThan(300);
    // The answered call completes: its handling ends.
    expect((await send({ ...call('CAq1'), CallStatus: 'completed', CallDuration: '40', Timestamp: ago(1) }, queueId)).statusCode).toBeLessThan(300);
    await h.t.domain.events.idle();
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/metrics/live?queue=${queueId}&channel=phone&window=1h`, headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    const row = LiveMetricsSchema.parse(res.json()).rows[0]!;
    expect(row).toMatchObject({ queueName: 'Phones', channel: 'phone', offered: 2, answered: 1, answeredWithinT: 1, abandoned: 1, shortAbandoned: 1, waiting: 0, thresholdSec: 20 });
    expect(row.asaSec).toBeCloseTo(12, 0);
    expect(row.ahtSec).toBeCloseTo(17, 0); // answered 18 s ago, completed 1 s ago
  });

  it('wrap-up: after the call completes, the after-call work time the lead set (or the wrap-up Twilio reports) is handling', async () => {
    const domain = h.t.domain as unknown as SqlDomain;
    const q2 = (await domain.teams.create(systemActor('test'), { name: 'Phones wrap-up' })).id;
    const auth = { authorization: `Bearer ${h.adminToken}` };
    const current = (await h.app.inject({ method: 'GET', url: '/api/v1/metrics/settings', headers: auth })).json();
    const put = await h.app.inject({ method: 'PUT', url: '/api/v1/metrics/settings', headers: auth, payload: { ...current, afterCallWorkSec: 45 } });
    expect(put.statusCode, put.body).toBe(200);
    const bad = await h.app.inject({ method: 'PUT', url: '/api/v1/metrics/settings', headers: auth, payload: { ...current, afterCallWorkSec: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('afterCallWorkSec');
    // Answered 100 s ago, completed 40 s ago: 60 s talk + hold, then 45 s after-call work.
    expect((await send({ ...call('CAw1'), CallStatus: 'in-progress', QueueResult: 'bridged', QueueTime: '5', Timestamp: ago(100) }, q2)).statusCode).toBeLessThan(300);
    expect((await send({ ...call('CAw1'), CallStatus: 'completed', CallDuration: '65', Timestamp: ago(40) }, q2)).statusCode).toBeLessThan(300);
    await domain.events.idle();
    const res = await h.app.inject({ method: 'GET', url: `/api/v1/metrics/live?queue=${q2}&channel=phone&window=1h`, headers: auth });
    const row = LiveMetricsSchema.parse(res.json()).rows[0]!;
    expect(row.answered).toBe(1);
    expect(row.ahtSec).toBeCloseTo(105, 0);
  });
});
