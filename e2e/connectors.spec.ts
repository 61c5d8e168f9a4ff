import { createHmac } from 'node:crypto';
import { expect, test } from './support/fixtures.js';
import { E2E_HUB } from './support/env.js';
import { uniqueCustomer } from './support/hub-api.js';

// A forged webhook is refused and kept as a dead letter; a signed one fills the timeline; the admin sees both.
test('connectors: forged Shopify webhook is dead-lettered and visible; a signed order lands on the timeline', async ({ page, request, signIn, connectorsPage }) => {
  const who = uniqueCustomer('shopify');
  const orderId = Date.now();
  const body = JSON.stringify({
    id: orderId,
    name: `#S${orderId % 100000}`,
    email: who.email,
    created_at: new Date().toISOString(),
    currency: 'USD',
    total_price: '42.00',
    financial_status: 'paid',
    customer: { id: orderId + 1, email: who.email, first_name: 'E2e', last_name: `Shopify ${who.phoneE164.slice(-4)}` },
    line_items: [{ id: 1, title: 'Trail cap', quantity: 1, price: '42.00', sku: 'CAP-1' }],
  });
  const headers = (hmac: string, id: string) => ({
    'content-type': 'application/json',
    'x-shopify-topic': 'orders/create',
    'x-shopify-webhook-id': id,
    'x-shopify-hmac-sha256': hmac,
  });

  const forged = await request.post('/api/v1/connectors/shopify', { headers: headers('bm90LXRoZS1zaWduYXR1cmU=', `forged-${orderId}`), data: body });
  expect(forged.status()).toBe(401);
  const signed = await request.post('/api/v1/connectors/shopify', {
    headers: headers(createHmac('sha256', E2E_HUB.shopifySecret).update(body).digest('base64'), `signed-${orderId}`),
    data: body,
  });
  expect(signed.status(), await signed.text()).toBe(202);

  const console_ = await signIn();
  await console_.search(`#S${orderId % 100000}`);
  await expect(console_.results().first()).toContainText(who.email);
  await page.keyboard.press('Enter');
  await expect(console_.item('purchase')).toHaveCount(1);
  await expect(console_.item('purchase')).toContainText('42');

  await connectorsPage.open();
  await expect(connectorsPage.row('shopify')).toBeVisible();
  await expect(connectorsPage.deadLetters('shopify').first()).toBeVisible();
  // The screen has its own URL; closing it goes back to the customer underneath.
  expect(page.url()).toContain('#/admin/connectors');
  await connectorsPage.close();
  await expect(console_.item('purchase')).toHaveCount(1);
});
