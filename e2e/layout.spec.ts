import { mkdirSync } from 'node:fs';
import { expect, test } from './support/fixtures.js';

// The customer screen fits each seat: a small laptop (timeline above the fold), a tablet (next actions in a
// drawer), a phone (no sideways scrolling). Screenshots go to SHOTS_DIR (default test-results/layout) to be looked at.
const shotsDir = process.env.SHOTS_DIR ?? 'test-results/layout';

test.describe('customer screen layout', () => {
  test.beforeAll(() => mkdirSync(shotsDir, { recursive: true }));

  test('1024x768: the first timeline row starts above the fold', async ({ page, signIn }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const c = await signIn();
    await c.openCustomer('Maya Chen', 'Maya Chen');
    const first = c.customer.items().first();
    await expect(first).toBeVisible();
    const box = await first.boundingBox();
    expect(box).not.toBeNull();
    // Its whole row, not just its top edge, is on screen without scrolling.
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await page.screenshot({ path: `${shotsDir}/customer-1024x768.png` });
  });

  test('1440x900 screenshot', async ({ page, signIn }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const c = await signIn();
    await c.openCustomer('Maya Chen', 'Maya Chen');
    await expect(c.customer.items().first()).toBeVisible();
    await page.screenshot({ path: `${shotsDir}/customer-1440x900.png` });
  });

  test('820 wide (tablet): next actions are reachable through a visible toggle', async ({ page, signIn }) => {
    await page.setViewportSize({ width: 820, height: 1180 });
    const c = await signIn();
    await c.openCustomer('Maya Chen', 'Maya Chen');
    await expect(c.customer.items().first()).toBeVisible();
    await page.screenshot({ path: `${shotsDir}/customer-820x1180.png` });
    const toggle = page.getByRole('button', { name: /next actions/i });
    await expect(toggle).toBeVisible();
    await toggle.click();
    await expect(page.getByTestId('action-card').first()).toBeInViewport();
    await page.screenshot({ path: `${shotsDir}/customer-820x1180-actions.png` });
  });

  test('390 wide (phone): nothing overflows sideways', async ({ page, signIn }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const c = await signIn();
    await c.openCustomer('Maya Chen', 'Maya Chen');
    await expect(c.customer.items().first()).toBeVisible();
    const sizes = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    await page.screenshot({ path: `${shotsDir}/customer-390x844.png`, fullPage: true });
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
  });
});

test('a path-style link opens the customer; reload and Back keep the app on it', async ({ page, signIn }) => {
  const c = await signIn();
  await c.openCustomer('Maya Chen', 'Maya Chen');
  const id = c.customer.idInUrl();
  expect(id).not.toBeNull();
  await page.goto('/');
  await c.ready();
  await page.goto(`/customers/${id}`);
  await expect(c.customer.profileName()).toHaveText('Maya Chen');
  expect(c.customer.idInUrl()).toBe(id);
  await page.reload();
  await expect(c.customer.profileName()).toHaveText('Maya Chen');
  await c.openCustomer('Daniel Okafor', 'Daniel Okafor');
  await page.goBack();
  await expect(c.customer.profileName()).toHaveText('Maya Chen');
});
