import { mkdirSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * Collision (issue 11) in Chromium: while a colleague views and another replies by email, during a live
 * call and a store visit, the profile says so by name; when the reply stops, the line goes live.
 */
const SHOTS = '/tmp/h/shots/B';
const PASSWORD = 'collision-password-e2e';

async function agentToken(request: APIRequestContext, adminToken: string, who: { email: string; name: string }): Promise<string> {
  const made = await request.post('/api/v1/users', { headers: { authorization: `Bearer ${adminToken}` }, data: { ...who, role: 'agent', teamIds: [] } });
  expect(made.status(), await made.text()).toBe(201);
  const { oneTimePassword } = (await made.json()) as { oneTimePassword: string };
  const { token } = (await (await request.post('/api/v1/auth/login', { data: { email: who.email, password: oneTimePassword } })).json()) as { token: string };
  const set = await request.post('/api/v1/auth/password', { headers: { authorization: `Bearer ${token}` }, data: { currentPassword: oneTimePassword, newPassword: PASSWORD } });
  expect(set.status(), await set.text()).toBe(204);
  return token;
}

test('the profile names who is viewing and replying, the live call and the store visit, live', async ({ page, request, hubApi, signIn }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const admin = await hubApi.login();
  const stamp = Date.now();
  const ana = await agentToken(request, admin.token, { email: `ana.${stamp}@omni.local`, name: 'Ana Ruiz' });
  const grace = await agentToken(request, admin.token, { email: `grace.${stamp}@omni.local`, name: 'Grace Kim' });
  const who = uniqueCustomer('collision');
  const now = Date.now();
  const res = await hubApi.ingest([
    { source: 'e2e', sourceEventId: `e2e-mail-${stamp}`, channel: 'email', type: 'email.received', occurredAt: new Date(now - 3_600_000).toISOString(), customer: { email: who.email, name: who.name }, summary: 'Where is my order?', data: { direction: 'inbound', subject: 'Where is my order?' } },
    {
      source: 'e2e-voice',
      sourceEventId: `e2e-call-${stamp}`,
      channel: 'phone',
      type: 'call.inbound',
      occurredAt: new Date(now - 300_000).toISOString(),
      customer: { email: who.email },
      summary: 'Call in progress',
      data: { status: 'in-progress', direction: 'inbound', agent: 'Tom Baker', statuses: [{ status: 'in-progress', at: new Date(now - 240_000).toISOString() }] },
    },
    { source: 'e2e-counter', sourceEventId: `e2e-in-${stamp}`, channel: 'store', type: 'store.checkin', occurredAt: new Date(now - 600_000).toISOString(), customer: { email: who.email }, summary: 'Checked in', data: { visitId: `vis_${stamp}`, storeId: 'sq', storeName: 'Union Square' } },
  ]);
  const id = res.results[0]!.customerId;
  const signal = (token: string, body: object) => request.post(`/api/v1/customers/${id}/activity`, { headers: { authorization: `Bearer ${token}` }, data: body });
  // Signals expire (viewing 20 s, replying 10 s) unless refreshed, as the colleagues' consoles do.
  const refresh = async () => {
    expect((await signal(ana, { kind: 'viewing' })).status()).toBe(200);
    expect((await signal(grace, { kind: 'composing', channel: 'email' })).status()).toBe(200);
  };

  await signIn({ path: `/#/customers/${id}` });
  await refresh();
  const panel = page.getByTestId('collision-panel');
  await expect(panel.getByTestId('collision-composing')).toHaveText('Grace Kim is replying by email');
  await expect(panel.getByTestId('collision-viewing')).toHaveText('Ana Ruiz is viewing');
  await expect(panel.getByTestId('collision-call')).toContainText('On a call with Tom Baker since');
  await expect(panel.getByTestId('collision-store')).toHaveText('In the Union Square store now');
  await expect(panel).not.toContainText('usr_');

  for (const [w, h] of [
    [1440, 900],
    [1024, 768],
    [820, 1180],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await refresh();
    await expect(panel.getByTestId('collision-composing')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/collision-profile-${w}x${h}.png` });
  }

  // Grace sends her reply: the line goes away live (socket), well before any poll.
  await signal(ana, { kind: 'viewing' });
  await signal(grace, { kind: 'composing', channel: 'email', active: false });
  await expect(panel.getByTestId('collision-composing')).toHaveCount(0, { timeout: 5_000 });
  await expect(panel.getByTestId('collision-viewing')).toHaveText('Ana Ruiz is viewing');
});
