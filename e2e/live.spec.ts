import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';
import { callEvent, emailEvent, smsEvent } from './support/events.js';

test('a new event appears live in the open timeline without a reload', async ({ page, hubApi, signIn }) => {
  const who = uniqueCustomer('live');
  const api = hubApi;
  await api.ingest([callEvent(who)]);

  const console_ = await signIn();
  await console_.openCustomer(who.phoneE164, who.name);
  await expect(console_.items()).toHaveCount(1);

  const navigations: string[] = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  await console_.armLiveItems();
  const sent = await api.ingest([smsEvent(who, 'Is anyone there?')]);
  expect(await console_.nextLiveItem()).toBe(sent.results[0]!.eventId);
  await expect(console_.items()).toHaveCount(2);
  await expect(console_.items().first()).toHaveAttribute('data-channel', 'sms');
  await expect(console_.items().first()).toContainText('Is anyone there?');
  await expect(console_.channelFilter('sms')).toContainText('1');
  expect(navigations).toEqual([]);
});

test('an event that bridges two customers merges them and the open one follows the survivor', async ({ page, hubApi, signIn }) => {
  const a = uniqueCustomer('mergea');
  const b = uniqueCustomer('mergeb');
  const api = hubApi;
  const first = await api.ingest([callEvent(a)]); // phone-only customer (older: survives)
  await api.ingest([{ ...emailEvent(b), customer: { email: b.email, name: b.name } }]); // email-only customer
  const survivorId = first.results[0]!.customerId;

  const console_ = await signIn();
  await console_.openCustomer(b.email, b.name);

  // This SMS carries A's phone and B's email: the two are the same person.
  await api.ingest([{ ...smsEvent(a, 'Both of my accounts'), customer: { phone: a.phoneE164, email: b.email } }]);
  await expect(console_.identifierChips().filter({ hasText: b.email })).toBeVisible();
  await expect(console_.identifierChips().filter({ hasText: a.email.split('@')[0]! })).toHaveCount(0);
  await expect(page.getByTestId('profile-header')).toHaveAttribute('data-customer-id', survivorId);
  await expect(console_.items()).toHaveCount(3);
});
