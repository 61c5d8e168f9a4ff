import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';
import { callEvent, emailEvent, orderEvent } from './support/events.js';

test.describe('one customer, one timeline', () => {
  test('search by phone in another format finds the merged customer; items render richly and email stays sandboxed', async ({ page, hubApi, signIn }) => {
    const who = uniqueCustomer('timeline');
    const orderNumber = `#E${Date.now() % 1_000_000}`;
    const api = hubApi;
    // Three sources, three identifier sets: phone only, email+phone, email+loyalty -> one customer.
    const res = await api.ingest([callEvent(who), emailEvent(who), orderEvent(who, orderNumber)]);
    expect(new Set(res.results.map((r) => r.customerId)).size).toBe(1);

    const console_ = await signIn();

    await console_.openCustomer(who.phoneDotted, who.name);
    await expect(console_.identifierChips().filter({ hasText: who.email })).toBeVisible();
    await expect(console_.identifierChips().filter({ hasText: who.loyaltyId })).toBeVisible();
    await expect(page.getByTestId('stat-spend')).toContainText('129.50');
    await expect(console_.items()).toHaveCount(3);
    await expect(console_.channelFilter('phone')).toContainText('1');

    // Newest first: email (20 min ago), call (30 min ago), order (3 days ago).
    await expect(console_.items().nth(0)).toHaveAttribute('data-channel', 'email');
    await expect(console_.items().nth(2)).toHaveAttribute('data-channel', 'purchase');

    // Call details.
    await console_.item('phone').click();
    await expect(console_.item('phone').getByTestId('item-details')).toContainText('4:05');

    // Order lines and total.
    await console_.item('purchase').click();
    await expect(console_.item('purchase').getByTestId('item-details')).toContainText('Trail runner shoes');

    // Email: sanitized, sandboxed, no script ran, remote image not loaded.
    await console_.item('email').click();
    const frame = console_.item('email').getByTestId('email-frame');
    await expect(frame).toHaveAttribute('sandbox', '');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('not arrived');
    expect(srcdoc).not.toContain('<script');
    expect(srcdoc).not.toContain('onerror');
    expect(srcdoc).not.toContain('tracker.example');
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();

    // Channel filter narrows the list.
    await console_.channelFilter('email').click();
    await expect(console_.items()).toHaveCount(1);
    await expect(console_.items().first()).toHaveAttribute('data-channel', 'email');
  });

  test('search by order number and loyalty id', async ({ page, hubApi, signIn }) => {
    const who = uniqueCustomer('order');
    const orderNumber = `#O${Date.now() % 1_000_000}`;
    await hubApi.ingest([orderEvent(who, orderNumber)]);
    const console_ = await signIn();
    await console_.search(orderNumber);
    await expect(console_.results().first()).toContainText(who.email);
    await page.keyboard.press('Escape');
    await console_.search(who.loyaltyId.toLowerCase());
    await expect(console_.results().first()).toContainText(who.email);
  });
});
