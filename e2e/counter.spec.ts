import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * Counter mode (issue 17) on a tablet (820x1180): an associate lands on the counter, scans a loyalty card
 * (digits and Enter within a few ms, no prefix) and gets that customer's compact profile; starts a visit,
 * adds a note, ends it; records a new customer with marketing consent; locks the counter.
 */

const SHOTS = '/tmp/h/shots/F';
const PASSWORD = 'counter-password-e2e';
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

test.use({ viewport: { width: 820, height: 1180 } });

async function createAssociate(request: APIRequestContext, adminToken: string, who: { email: string; name: string }): Promise<void> {
  const made = await request.post('/api/v1/users', { headers: { authorization: `Bearer ${adminToken}` }, data: { ...who, role: 'associate', teamIds: [] } });
  expect(made.status(), await made.text()).toBe(201);
  const { oneTimePassword } = (await made.json()) as { oneTimePassword: string };
  const { token } = (await (await request.post('/api/v1/auth/login', { data: { email: who.email, password: oneTimePassword } })).json()) as { token: string };
  const set = await request.post('/api/v1/auth/password', { headers: { authorization: `Bearer ${token}` }, data: { currentPassword: oneTimePassword, newPassword: PASSWORD } });
  expect(set.status(), await set.text()).toBe(204);
}

/** Keys as a keyboard-wedge scanner sends them: all queued at once on the DevTools connection, Enter last. Returns the ms the page saw from first key to Enter. */
async function scan(page: Page, text: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __scanKeys?: number[] };
    if (!w.__scanKeys) window.addEventListener('keydown', (e) => w.__scanKeys!.push(e.timeStamp), true);
    w.__scanKeys = [];
  });
  const cdp = await page.context().newCDPSession(page);
  try {
    const sent: Promise<unknown>[] = [];
    for (const ch of text) {
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch }));
      sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch }));
    }
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 }));
    await Promise.all(sent);
  } finally {
    await cdp.detach();
  }
  const stamps = await page.evaluate(() => (window as unknown as { __scanKeys: number[] }).__scanKeys);
  return stamps.length > 1 ? stamps.at(-1)! - stamps[0]! : 0;
}

test('counter: scan a loyalty card, start and end a visit with a note, add a new customer with consent, lock', async ({ page, request, hubApi, signIn }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const admin = await hubApi.login();
  const stamp = Date.now();
  const associate = { email: `sam.counter.${stamp}@omni.local`, name: 'Sam Counter' };
  await createAssociate(request, admin.token, associate);

  const who = uniqueCustomer('counter');
  const card = String(stamp).slice(-9);
  const order = `#C${String(stamp).slice(-6)}`;
  await hubApi.ingest([
    {
      source: 'shopify',
      sourceEventId: `e2e-order-${stamp}`,
      channel: 'purchase',
      type: 'order',
      occurredAt: ago(3 * 24 * 60),
      customer: { email: who.email, loyaltyId: `LOY-${card}`, name: who.name },
      summary: `Order ${order}`,
      data: { orderNumber: order, currency: 'USD', total: 64, status: 'paid', lines: [{ title: 'Camp stove', quantity: 1, unitPrice: 64 }], loyaltyTier: 'Gold', loyaltyPoints: 1240 },
    },
    {
      source: 'e2e',
      sourceEventId: `e2e-ready-${stamp}`,
      channel: 'web',
      type: 'shipment.ready_for_pickup',
      occurredAt: ago(26 * 60),
      customer: { email: who.email },
      data: { orderNumber: order },
    },
    {
      source: 'pos',
      sourceEventId: `e2e-sale-${stamp}`,
      channel: 'store',
      type: 'store.purchase',
      occurredAt: ago(5 * 60),
      customer: { loyaltyId: `LOY-${card}` },
      data: { storeId: 'SF-UNION', storeName: 'Union Square', receiptNumber: `R-${stamp}`, total: 30, currency: 'USD', lines: [{ title: 'Headlamp', quantity: 1, unitPrice: 30 }] },
    },
  ]);

  // Associates land on the counter.
  await signIn({ as: { email: associate.email, password: PASSWORD } });
  await expect(page).toHaveURL(/#\/counter/);
  const lookup = page.getByTestId('counter-lookup');
  await expect(lookup).toBeFocused();

  // The card's digits without its prefix, as fast as a scanner types them.
  const ms = await scan(page, card);
  expect(ms).toBeLessThan(30 * (card.length + 1));
  const profile = page.getByTestId('counter-profile');
  await expect(profile.getByRole('heading', { name: who.name })).toBeVisible();
  await expect(page.getByTestId('counter-orders')).toContainText(`Order ${order}`);
  await expect(page.getByTestId('counter-orders')).toContainText('Ready for pickup, waiting since');
  await expect(page.getByTestId('counter-purchases')).toContainText('Union Square');
  await expect(page.getByTestId('counter-loyalty')).toContainText('Gold');
  // Contacts masked for an associate.
  await expect(profile).not.toContainText(who.email);
  await expect(lookup).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/counter-profile-820x1180.png` });

  // Start a visit (this terminal names its store once), add a note, end the visit.
  const visit = page.getByTestId('counter-visit');
  await visit.getByRole('textbox').fill('Union Square');
  await visit.getByRole('button', { name: 'Start visit' }).click();
  await expect(visit).toContainText('In the store since');
  await expect(visit).toContainText('Union Square');
  await expect(lookup).toBeFocused();
  await page.getByLabel('Add a note').fill('Wants the stove in green');
  await page.getByRole('button', { name: 'Save note' }).click();
  await expect(profile).toContainText('Wants the stove in green');
  await expect(lookup).toBeFocused();
  await visit.getByRole('button', { name: 'End visit' }).click();
  await expect(visit.getByRole('button', { name: 'Start visit' })).toBeVisible();

  // Nobody matches: a new customer with their marketing consent.
  const newEmail = `new.${stamp}@example.com`;
  await lookup.fill(newEmail);
  await lookup.press('Enter');
  await expect(page.getByTestId('counter-none')).toBeVisible();
  await page.getByRole('button', { name: 'New customer' }).click();
  const form = page.getByTestId('counter-new-customer');
  await expect(form.getByLabel('Email')).toHaveValue(newEmail);
  await form.getByLabel('Name').fill('Rita Newman');
  await form.getByRole('group', { name: 'May we send marketing emails?' }).getByLabel('Yes').check();
  await form.getByRole('group', { name: 'May we send marketing text messages?' }).getByLabel('No').check();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: `${SHOTS}/counter-new-customer-1024x768.png` });
  await form.getByRole('button', { name: 'Add customer' }).click();
  await expect(profile.getByRole('heading', { name: 'Rita Newman' })).toBeVisible();
  const found = await request.get(`/api/v1/customers?q=${encodeURIComponent(newEmail)}`, { headers: { authorization: `Bearer ${admin.token}` } });
  const created = ((await found.json()) as { customers: { id: string }[] }).customers[0]!;
  const consent = (await (await request.get(`/api/v1/customers/${created.id}/consent`, { headers: { authorization: `Bearer ${admin.token}` } })).json()) as { consents: { channel: string; state: string }[] };
  expect(Object.fromEntries(consent.consents.map((c) => [c.channel, c.state]))).toEqual({ email: 'granted', sms: 'denied' });
  await page.screenshot({ path: `${SHOTS}/counter-new-profile-1024x768.png` });

  // Locked: nothing of the customer stays on screen; the password opens it again.
  await page.getByTestId('counter-lock').click();
  await expect(page.getByTestId('counter-locked')).toBeVisible();
  await expect(page.getByTestId('counter-profile')).toHaveCount(0);
  await expect(page.getByText('Rita Newman')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/counter-locked-1024x768.png` });
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('counter-lookup')).toBeVisible();
  await expect(page.getByTestId('counter-profile')).toHaveCount(0);
});
