import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';
import { smsEvent } from './support/events.js';

test('next actions: a waiting customer gets reply_now with its reason; executing it lands in the timeline live', async ({ hubApi, signIn, customer, actionsPanel }) => {
  const who = uniqueCustomer('actions');
  const sent = await hubApi.ingest([{ ...smsEvent(who, 'Hello? I have been waiting for an answer'), customer: { phone: who.phoneE164, name: who.name } }]);
  const smsId = sent.results[0]!.eventId;

  const console_ = await signIn();
  await console_.openCustomer(who.phoneE164, who.name);

  await expect(actionsPanel.card('reply_now')).toBeVisible();
  // Hovering the reason highlights the event that caused it.
  await actionsPanel.hoverReason('reply_now');
  await expect(customer.itemById(smsId)).toHaveAttribute('data-highlighted', 'true');

  await customer.armLiveItems();
  await actionsPanel.execute('reply_now');
  await customer.nextLiveItem();
  await expect(customer.item('note')).toHaveCount(1);
  await expect(customer.items()).toHaveCount(2);
});
