import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { ConsolePage } from './pages/console-page.js';
import { HubApi, uniqueCustomer } from './support/hub-api.js';
import { smsEvent } from './support/events.js';

test('next actions: a waiting customer gets reply_now with its reason; executing it lands in the timeline live', async ({ page, request }) => {
  const who = uniqueCustomer('actions');
  const api = new HubApi(request);
  const sent = await api.ingest([{ ...smsEvent(who, 'Hello? I have been waiting for an answer'), customer: { phone: who.phoneE164, name: who.name } }]);
  const smsId = sent.results[0]!.eventId;

  await new LoginPage(page).open();
  await new LoginPage(page).loginAs();
  const console_ = new ConsolePage(page);
  await console_.ready();
  await console_.openCustomer(who.phoneE164, who.name);

  const card = page.locator('[data-testid="action-card"][data-kind="reply_now"]');
  await expect(card).toBeVisible();
  // Hovering the reason highlights the event that caused it.
  await card.getByTestId('action-reason').first().hover();
  await expect(page.locator(`[data-testid="timeline-item"][data-id="${smsId}"]`)).toHaveAttribute('data-highlighted', 'true');

  await console_.armLiveItems();
  await card.getByTestId('action-execute').click();
  await console_.nextLiveItem();
  await expect(console_.item('note')).toHaveCount(1);
  await expect(console_.items()).toHaveCount(2);
});
