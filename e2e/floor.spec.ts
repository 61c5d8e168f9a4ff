import { mkdirSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import type { Conversation } from '../shared/index.js';
import { FloorPage } from './pages/floor-page.js';
import { expect, test } from './support/fixtures.js';
import { smsEvent } from './support/events.js';
import { uniqueCustomer, type HubApi } from './support/hub-api.js';

/*
 * Issue 13, the team lead's live floor: contacts arrive through the hub's ingest API (a text from the
 * customer, then moved into the lead's queue the way a routing rule would), the waiting count rises live;
 * an agent takes one and it falls; a customer gives up after waiting and the service level moves. Every
 * figure comes by push (metrics:updated), never by reloading. Own queue and people, so the demo and other
 * specs never touch these numbers.
 */

type Auth = { authorization: string };
const DEMO_LEAD = { email: 'dana.lead@omni.local', password: 'dana-demo-lead' };

/** A staff member made by the admin, with a password of their own (the one-time one changed over the API). */
async function staff(request: APIRequestContext, auth: Auth, who: { name: string; email: string; role: 'lead' | 'agent'; teamIds: string[] }) {
  const made = await request.post('/api/v1/users', { headers: auth, data: who });
  expect(made.status(), await made.text()).toBe(201);
  const { user, oneTimePassword } = (await made.json()) as { user: { id: string }; oneTimePassword: string };
  const login = await request.post('/api/v1/auth/login', { data: { email: who.email, password: oneTimePassword } });
  expect(login.status()).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const password = `floor-${Date.now()}-password`;
  const changed = await request.post('/api/v1/auth/password', { headers: { authorization: `Bearer ${token}` }, data: { currentPassword: oneTimePassword, newPassword: password } });
  expect(changed.status(), await changed.text()).toBe(204);
  return { id: user.id, email: who.email, password, auth: { authorization: `Bearer ${token}` } };
}

/** A customer texts in; the conversation it opens is put in `queueId`. Returns it with the time it entered the queue. */
async function arrive(hubApi: HubApi, request: APIRequestContext, auth: Auth, queueId: string, tag: string) {
  const who = uniqueCustomer(tag);
  const res = await hubApi.ingest([{ ...smsEvent(who, 'Where is my refund?'), customer: { phone: who.phoneE164, name: who.name } }]);
  const customerId = res.results[0]!.customerId;
  const list = await request.get(`/api/v1/conversations?view=all&customerId=${encodeURIComponent(customerId)}`, { headers: auth });
  const [conv] = ((await list.json()) as { conversations: Conversation[] }).conversations;
  expect(conv, 'the text opened a conversation').toBeTruthy();
  const moved = await request.patch(`/api/v1/conversations/${conv!.id}`, { headers: auth, data: { queueId } });
  expect(moved.status(), await moved.text()).toBe(200);
  return { id: conv!.id, name: who.name, queuedAt: Date.now() };
}

test('a lead’s floor: waiting rises as contacts arrive and falls when an agent takes one; an abandon moves the service level', async ({ page, request, hubApi, signIn }) => {
  const admin = await hubApi.login();
  const auth = { authorization: `Bearer ${admin.token}` };
  const stamp = Date.now();
  const teamRes = await request.post('/api/v1/teams', { headers: auth, data: { name: `Floor ${stamp % 100_000}` } });
  expect(teamRes.status(), await teamRes.text()).toBe(201);
  const { team } = (await teamRes.json()) as { team: { id: string; name: string } };
  // The demo hub's lead (server/demo/staff.ts), there since the hub started: the hub learns who holds
  // dashboard.view every 10 s, so a lead created a moment ago could miss the first pushes.
  const lead = DEMO_LEAD;
  const agent = await staff(request, auth, { name: 'Arno Flooragent', email: `floor.agent.${stamp}@omni.local`, role: 'agent', teamIds: [team.id] });

  await signIn({ as: lead });
  const floor = new FloorPage(page);
  await floor.open();
  await floor.showQueue(team.name);
  await expect(floor.figure('waiting')).toHaveText('0');

  const first = await arrive(hubApi, request, auth, team.id, 'floorfirst');
  const second = await arrive(hubApi, request, auth, team.id, 'floorsecond');
  await expect(floor.figure('waiting')).toHaveText('2');
  await expect(floor.figure('offered')).toHaveText('2');
  await expect(floor.queueRows()).toHaveCount(1);
  await expect(floor.queueRows().first()).toContainText('SMS');

  // The agent takes the first one (as from the inbox): answered, well inside the 15 minutes T of SMS.
  const took = await request.patch(`/api/v1/conversations/${first.id}`, { headers: agent.auth, data: { assigneeId: agent.id } });
  expect(took.status(), await took.text()).toBe(200);
  await expect(floor.figure('waiting')).toHaveText('1');
  await expect(floor.figure('answered')).toHaveText('1');
  // The second still waits inside T: undecided, so service level is 1 of 1.
  await expect(floor.figure('sl')).toHaveText('100%');
  await expect(floor.agentRow('Arno Flooragent').getByTestId('agent-held')).toContainText('1');

  // The second customer gives up (solved before anyone answered). Leaving within 5 s would be a short
  // abandon, counted apart; this one has waited longer (the precondition is the clock, not a sleep for a result).
  await expect.poll(() => Date.now() - second.queuedAt, { timeout: 10_000 }).toBeGreaterThan(6_000);
  const gaveUp = await request.patch(`/api/v1/conversations/${second.id}`, { headers: auth, data: { status: 'solved' } });
  expect(gaveUp.status(), await gaveUp.text()).toBe(200);
  await expect(floor.figure('waiting')).toHaveText('0');
  await expect(floor.figure('abandoned')).toHaveText('1');
  await expect(floor.figure('sl')).toHaveText('50%');

  // Drill down from the number to the contact behind it, and on to its conversation.
  await floor.figure('abandoned').click();
  await expect(floor.drilldown()).toBeVisible();
  await expect(floor.drilldown().getByTestId('drill-row')).toHaveCount(1);
  await expect(floor.drilldown()).toContainText(second.name);
  await expect(floor.drilldown()).toContainText('Abandoned');
  await page.keyboard.press('Escape');
  await expect(floor.drilldown()).toHaveCount(0);
});

test('the floor by keyboard: formulas show on focus, a figure drills down with Enter, the lead moves work back to the queue', async ({ page, request, hubApi, signIn }) => {
  const admin = await hubApi.login();
  const auth = { authorization: `Bearer ${admin.token}` };
  const stamp = Date.now();
  const { team } = (await (await request.post('/api/v1/teams', { headers: auth, data: { name: `Floor keys ${stamp % 100_000}` } })).json()) as { team: { id: string; name: string } };
  const lead = await staff(request, auth, { name: 'Kira Keylead', email: `floor.keys.lead.${stamp}@omni.local`, role: 'lead', teamIds: [] });
  const agent = await staff(request, auth, { name: 'Otto Keyagent', email: `floor.keys.agent.${stamp}@omni.local`, role: 'agent', teamIds: [team.id] });
  const c = await arrive(hubApi, request, auth, team.id, 'floorkeys');
  expect((await request.patch(`/api/v1/conversations/${c.id}`, { headers: agent.auth, data: { assigneeId: agent.id } })).status()).toBe(200);

  await signIn({ as: lead });
  const floor = new FloorPage(page);
  await floor.open();
  await floor.showQueue(team.name);
  await expect(floor.figure('answered')).toHaveText('1');

  // The formula of a column shows while its name has keyboard focus.
  const term = page.getByRole('columnheader', { name: 'Service level', exact: true }).locator('.floor-term');
  await term.focus();
  await expect(page.getByRole('tooltip').filter({ hasText: 'Answered within T / offered' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tooltip').filter({ hasText: 'Answered within T / offered' })).toBeHidden();

  await floor.figure('answered').focus();
  await page.keyboard.press('Enter');
  await expect(floor.drilldown()).toContainText(c.name);
  await page.keyboard.press('Escape');

  // Pull the conversation back from the agent: it waits in the queue again.
  const row = floor.agentRow('Otto Keyagent');
  await row.getByTestId('agent-work-toggle').click();
  await expect(page.getByTestId('held-conversation')).toContainText(c.name);
  await page.getByTestId('pull-back').click();
  await expect(page.getByTestId('agent-work')).toContainText('back in the queue');
  await expect(floor.figure('waiting')).toHaveText('1');
});

test('floor screenshots at 1440x900, 1024x768 and 768x1024', async ({ page, request, hubApi, signIn }) => {
  const admin = await hubApi.login();
  const auth = { authorization: `Bearer ${admin.token}` };
  const stamp = Date.now();
  const { team } = (await (await request.post('/api/v1/teams', { headers: auth, data: { name: `Floor shots ${stamp % 100_000}` } })).json()) as { team: { id: string; name: string } };
  const lead = await staff(request, auth, { name: 'Sara Shotlead', email: `floor.shots.lead.${stamp}@omni.local`, role: 'lead', teamIds: [] });
  await staff(request, auth, { name: 'Omar Shotagent', email: `floor.shots.agent.${stamp}@omni.local`, role: 'agent', teamIds: [team.id] });
  for (const tag of ['shota', 'shotb', 'shotc']) await arrive(hubApi, request, auth, team.id, tag);

  const outDir = 'test-results/screenshots';
  mkdirSync(outDir, { recursive: true });
  await signIn({ as: lead });
  const floor = new FloorPage(page);
  await floor.open();
  await expect(floor.chart()).toBeVisible();
  for (const vp of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
    { width: 768, height: 1024 },
  ]) {
    await page.setViewportSize(vp);
    await expect(floor.root()).toBeVisible();
    // Nothing but the tables may scroll sideways (they scroll in their own box).
    const overflow = await floor.root().evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow, `page scrolls sideways at ${vp.width}`).toBeLessThanOrEqual(0);
    await floor.root().evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: `${outDir}/floor-${vp.width}x${vp.height}.png` });
    // The floor scrolls inside the console: its lower half (chart, agents) as a second shot.
    await floor.root().evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: `${outDir}/floor-${vp.width}x${vp.height}-lower.png` });
  }
});
