import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, CustomerActivitySchema } from '../../shared/index.js';
import { connectorApp, TEST_PUBLIC_URL, TEST_TWILIO_TOKEN, type ConnectorTestApp } from '../connectors/test/fixtures.js';
import { twilioSignature } from '../connectors/twilio/verify.js';

/*
 * Contract: the Twilio voice connector's real status callbacks, through the real HTTP edge and ingest,
 * read by collision as "ringing", "on a call since <answer>", then nothing. If the connector changes how
 * it spells a call's state, this fails (collision never copies the connector's strings).
 */
let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp();
});
afterAll(async () => {
  await h?.close();
});

function callback(params: Record<string, string>) {
  const path = '/api/v1/connectors/twilio/voice';
  const list = Object.entries(params);
  return h.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TEST_TWILIO_TOKEN, TEST_PUBLIC_URL + path, list) },
    payload: new URLSearchParams(list).toString(),
  });
}
const activity = async (customerId: string) =>
  CustomerActivitySchema.parse((await h.app.inject({ method: 'GET', url: `/api/v1/customers/${customerId}/activity`, headers: { authorization: `Bearer ${h.adminToken}` } })).json());

describe('a live Twilio call on the customer', () => {
  it('reads ringing, then connected since the answer, then over', async () => {
    const call = { CallSid: 'CAcollision01', From: '+14155550177', To: '+18005550100', Direction: 'inbound', AccountSid: 'AC1' };
    const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000; // Twilio timestamps have whole seconds
    const stamp = (ms: number) => new Date(ms).toUTCString();
    const ringing = await callback({ ...call, CallStatus: 'ringing', SequenceNumber: '0', Timestamp: stamp(t0) });
    expect(ringing.statusCode, ringing.body).toBe(202);
    const customerId = ConnectorResponseSchema.parse(ringing.json()).results[0]!.customerId!;
    expect((await activity(customerId)).call).toMatchObject({ state: 'ringing', direction: 'inbound', since: new Date(t0).toISOString() });

    await callback({ ...call, CallStatus: 'in-progress', SequenceNumber: '1', Timestamp: stamp(t0 + 20_000) });
    expect((await activity(customerId)).call).toEqual({ state: 'connected', direction: 'inbound', agentName: null, since: new Date(t0 + 20_000).toISOString() });

    await callback({ ...call, CallStatus: 'completed', SequenceNumber: '2', Timestamp: stamp(t0 + 50_000), CallDuration: '30' });
    expect((await activity(customerId)).call).toBeNull();
  });

  it('a missed call is never "on a call"', async () => {
    const call = { CallSid: 'CAcollision02', From: '+14155550178', To: '+18005550100', Direction: 'inbound', AccountSid: 'AC1' };
    const res = await callback({ ...call, CallStatus: 'no-answer', Timestamp: new Date().toUTCString() });
    const customerId = ConnectorResponseSchema.parse(res.json()).results[0]!.customerId!;
    expect((await activity(customerId)).call).toBeNull();
  });
});
