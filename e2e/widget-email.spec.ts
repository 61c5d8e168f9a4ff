import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * The widget's "leave your email so we can reply later" form (issue 12, widget:identify), in Chromium and by
 * keyboard only: a shopper who started a chat with just a name opens the form, gets an error in words for a
 * bad address (tied to the field, focus kept there), saves a good one; the chat's customer now has that email
 * and a `chat.identified` item. axe finds nothing serious in the open widget.
 */
const SHOTS = '/tmp/h/shots/widget';

test('a shopper leaves an email mid-chat with the keyboard: errors in words, then saved on the chat’s customer', async ({ browser, request, hubApi }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });
  const who = uniqueCustomer('widgetmail');
  const admin = await hubApi.login();
  const auth = { authorization: `Bearer ${admin.token}` };

  const shopper = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const shop = await shopper.newPage();
  await shop.goto('/widget/demo');
  await shop.getByRole('button', { name: 'Chat with us' }).click();
  await shop.getByLabel('Name', { exact: true }).fill(who.name);
  await shop.getByRole('button', { name: 'Start chat' }).click();
  const message = shop.getByRole('textbox', { name: 'Message', exact: true });
  await message.fill('Is the rain jacket waterproof?');
  await message.press('Enter');
  await expect(shop.getByRole('log', { name: 'Messages' }).locator('[data-seq="1"]')).toContainText('rain jacket');

  // Keyboard only: Tab back from the message field to the offer, Enter opens the form on its field.
  const offer = shop.getByRole('button', { name: 'Leave your email so we can reply later' });
  await expect(offer).toHaveAttribute('aria-expanded', 'false');
  await message.focus();
  await shop.keyboard.press('Shift+Tab');
  await expect(offer).toBeFocused();
  await shop.keyboard.press('Enter');
  await expect(offer).toHaveAttribute('aria-expanded', 'true');
  const email = shop.getByRole('textbox', { name: 'Your email' });
  await expect(email).toBeFocused();

  // Empty, then malformed: a sentence tied to the field, which keeps focus; nothing sent.
  await shop.keyboard.press('Enter');
  await expect(email).toHaveAccessibleDescription('Enter your email address.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await shop.keyboard.type('jane at example');
  await expect(email).not.toHaveAttribute('aria-invalid');
  await shop.keyboard.press('Enter');
  await expect(shop.getByRole('alert')).toHaveText('That does not look like an email address. Use the form name@example.com.');
  await expect(email).toBeFocused();
  expect(await new AxeBuilder({ page: shop }).include('[data-omni-widget]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze().then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id))).toEqual([]);
  await shop.screenshot({ path: `${SHOTS}/widget-email-error.png` });

  // Escape closes the form (not the chat) and gives focus back to the offer; open it again and save.
  await shop.keyboard.press('Escape');
  await expect(offer).toBeFocused();
  await expect(shop.getByRole('log', { name: 'Messages' })).toBeVisible();
  await shop.keyboard.press('Enter');
  await email.fill(who.email);
  await shop.keyboard.press('Enter');
  await expect(shop.getByRole('status').filter({ hasText: 'Thanks' })).toHaveText(`Thanks: if you leave, we reply to ${who.email}.`);
  await expect(offer).toBeHidden();
  await expect(message).toBeFocused();
  await shop.screenshot({ path: `${SHOTS}/widget-email-saved.png` });

  // The hub: the chat's customer carries the email, with a chat.identified item on the timeline.
  let customerId = '';
  await expect
    .poll(async () => {
      const r = await request.get(`/api/v1/customers/lookup?q=${encodeURIComponent(who.email)}`, { headers: auth });
      customerId = ((await r.json()) as { exact: { id: string }[] }).exact[0]?.id ?? '';
      return customerId;
    })
    .not.toBe('');
  const timeline = (await (await request.get(`/api/v1/customers/${customerId}/timeline?limit=50`, { headers: auth })).json()) as { items: { type: string; summary: string }[] };
  expect(timeline.items.map((i) => i.type)).toEqual(expect.arrayContaining(['chat.conversation', 'chat.identified']));

  // A reload keeps it: the offer is not made again.
  await shop.reload();
  await expect(shop.getByRole('log', { name: 'Messages' }).locator('[data-seq="1"]')).toBeVisible();
  await expect(shop.getByRole('button', { name: 'Leave your email so we can reply later' })).toBeHidden();
  await shopper.close();
});
