import { mkdirSync } from 'node:fs';
import { ComposerPage } from './pages/composer-page.js';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * The web chat widget (issue 12) in Chromium, side by side with the agent console: a shopper on the demo shop
 * page (their own browser context) chats; the agent sees it live on the conversation's timeline, sees the
 * shopper typing, and answers in the console composer (the shopper sees the agent typing, then the answer);
 * the shopper reloads and the history is intact, each message once. Untrusted text stays text.
 */
const SHOTS = '/tmp/h/shots/widget';

test('a shopper chats from the demo shop, the agent sees it live and answers, a reload keeps the history without duplicates', async ({ browser, page, request, hubApi, signIn }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  const who = uniqueCustomer('widget');
  const admin = await hubApi.login();
  const auth = { authorization: `Bearer ${admin.token}` };

  const shopper = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const shop = await shopper.newPage();
  await shop.goto('/widget/demo');
  await shop.getByRole('button', { name: 'Chat with us' }).click();
  await shop.getByLabel('Name', { exact: true }).fill(who.name);
  await shop.getByLabel('Email', { exact: true }).fill(who.email);
  await shop.getByRole('button', { name: 'Start chat' }).click();
  const message = shop.getByRole('textbox', { name: 'Message', exact: true });
  await message.fill('Hi, where is my <img src=x onerror=alert(1)> order 1042?');
  await message.press('Enter');
  const log = shop.getByRole('log', { name: 'Messages' });
  await expect(log.locator('[data-seq="1"]')).toContainText('order 1042');
  await expect(log.locator('img')).toHaveCount(0);
  await expect(log.locator('[data-seq="1"]')).toContainText('<img src=x onerror=alert(1)>');

  // The agent: the customer the chat created, its conversation, and the console showing the message live.
  let customerId = '';
  await expect
    .poll(async () => {
      const r = await request.get(`/api/v1/customers/lookup?q=${encodeURIComponent(who.email)}`, { headers: auth });
      customerId = ((await r.json()) as { exact: { id: string }[] }).exact[0]?.id ?? '';
      return customerId;
    })
    .not.toBe('');
  let conversationId = '';
  await expect
    .poll(async () => {
      const list = (await (await request.get(`/api/v1/conversations?view=all&customerId=${customerId}`, { headers: auth })).json()) as { conversations: { id: string }[] };
      conversationId = list.conversations[0]?.id ?? '';
      return conversationId;
    })
    .not.toBe('');
  await signIn({ path: `/#/conversations/${conversationId}` });
  await expect(page.getByText(/order 1042/).first()).toBeVisible();

  // The composer answers in the chat; the shopper's typing shows above the agent's send button.
  const composer = new ComposerPage(page);
  await expect(composer.channel()).toHaveValue('chat');
  await expect(composer.sendButton()).toHaveText('Send to chat');
  await message.pressSequentially('one more thing', { delay: 20 });
  await expect(composer.visitorTyping()).toHaveText('Customer is typing…');
  // The widget says it stopped after a pause.
  await expect(composer.visitorTyping()).toHaveText('', { timeout: 15_000 });

  await composer.type('It ships today.');
  await expect(shop.getByText(/is typing/)).toBeVisible();
  await composer.send();
  await expect(log.getByText('It ships today.')).toBeVisible();
  await expect(shop.getByText(/is typing/)).toHaveCount(0);
  await expect(composer.text()).toHaveValue('');
  await expect(composer.sentReplies().first()).toContainText('Sent to the chat');
  await page.screenshot({ path: `${SHOTS}/console-chat-reply.png` });
  // The console's timeline item grows with the answer too (same chat item).
  await expect(page.getByText(/It ships today/).first()).toBeVisible();
  await shop.screenshot({ path: `${SHOTS}/widget-chat.png` });

  // Reload: the same chat, every message once, and it goes on.
  await shop.reload();
  await expect(log.locator('[data-seq]')).toHaveCount(2);
  await expect(log.getByText('It ships today.')).toHaveCount(1);
  await shop.getByRole('textbox', { name: 'Message', exact: true }).fill('Thanks!');
  await shop.getByRole('textbox', { name: 'Message', exact: true }).press('Enter');
  await expect(log.locator('[data-seq="3"]')).toContainText('Thanks!');
  await expect(log.locator('[data-seq]')).toHaveCount(3);
  await expect(page.getByText(/Thanks!/).first()).toBeVisible();
  await shopper.close();
});
