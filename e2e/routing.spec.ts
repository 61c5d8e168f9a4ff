import { expect, test } from './support/fixtures.js';
import { callEvent, emailEvent, smsEvent } from './support/events.js';
import { uniqueCustomer } from './support/hub-api.js';

// Every screen has a URL (hash routes: `/#/customers/<id>?channels=…`, `/#/value`, `/#/admin/connectors`).

test('a deep link to a customer opened signed out leads there after login, filter included', async ({ page, hubApi, signIn, customer }) => {
  const who = uniqueCustomer('deeplink');
  const res = await hubApi.ingest([callEvent(who), smsEvent(who, 'deep link me')]);
  const id = res.results[0]!.customerId;

  await signIn({ path: `/#/customers/${id}?channels=sms` });
  await customer.waitLive();
  await expect(customer.profileName()).toHaveText(who.name);
  expect(customer.idInUrl()).toBe(id);
  expect(customer.channelsInUrl()).toEqual(['sms']);
  await expect(customer.channelFilter('sms')).toHaveAttribute('aria-pressed', 'true');
  await expect(customer.items()).toHaveCount(1);

  // The filter is URL state: a reload keeps customer and filter (the session survives a reload).
  await customer.channelFilter('phone').click();
  await expect.poll(() => customer.channelsInUrl()).toEqual(['phone', 'sms']);
  await page.reload();
  await customer.waitLive();
  await expect(customer.items()).toHaveCount(2);
  await expect(customer.channelFilter('phone')).toHaveAttribute('aria-pressed', 'true');
});

test('back and forward move between the customers opened', async ({ page, hubApi, signIn, customer }) => {
  const a = uniqueCustomer('backa');
  const b = uniqueCustomer('backb');
  await hubApi.ingest([callEvent(a), { ...emailEvent(b), customer: { email: b.email, name: b.name } }]);

  const console_ = await signIn();
  await console_.openCustomer(a.phoneE164, a.name);
  await console_.openCustomer(b.email, b.name);

  await page.goBack();
  await expect(customer.profileName()).toHaveText(a.name);
  await customer.waitLive();
  await page.goForward();
  await expect(customer.profileName()).toHaveText(b.name);
  await customer.waitLive();
  await page.goBack();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Find a customer' })).toBeVisible();
});

test('feature screens have URLs: the value screen opens from a link, closes back to the customer', async ({ page, hubApi, signIn, customer, valuePage, connectorsPage }) => {
  const who = uniqueCustomer('screens');
  const res = await hubApi.ingest([callEvent(who)]);
  const id = res.results[0]!.customerId;

  await signIn({ path: '/#/value' });
  await expect(valuePage.root()).toBeVisible();

  await customer.openById(id);
  await valuePage.open();
  expect(page.url()).toContain('#/value');
  await page.keyboard.press('Escape');
  await expect(valuePage.root()).toHaveCount(0);
  expect(customer.idInUrl()).toBe(id);

  await page.goto('/#/admin/connectors');
  await expect(connectorsPage.root()).toBeVisible();
  await connectorsPage.close();
});
