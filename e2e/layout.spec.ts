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

  test('1440x900: nothing overflows sideways (screenshot)', async ({ page, signIn }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const c = await signIn();
    await c.openCustomer('Maya Chen', 'Maya Chen');
    await expect(c.customer.items().first()).toBeVisible();
    await page.screenshot({ path: `${shotsDir}/customer-1440x900.png` });
    // An admin's header (every screen) folds into the Screens menu rather than widening the page.
    const o = await overflow(page);
    expect(o.scroll, `widest: ${o.widest}`).toBeLessThanOrEqual(o.client);
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

/** Page width beyond the viewport (sideways scrolling), and the widest element that pokes out, to name in a failure. */
async function overflow(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const client = document.documentElement.clientWidth;
    let widest: string | null = null;
    let right = client;
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > right + 1 && getComputedStyle(el).position !== 'fixed') {
        right = r.right;
        widest = `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''}`;
      }
    }
    return { scroll: document.documentElement.scrollWidth, client, widest };
  });
}

test('390 wide (phone): no screen scrolls sideways', async ({ page, signIn }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const c = await signIn();
  const screens = await page.locator('.screen-links-list [data-testid^="open-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  expect(screens.length).toBeGreaterThan(0);
  // Opening the counter switches this user into counter mode: last.
  screens.sort((a, b) => Number(a === 'open-counter') - Number(b === 'open-counter'));
  const failures: string[] = [];
  for (const testId of screens) {
    await page.goto('/#/');
    await page.reload();
    await c.ready();
    const entry = page.getByTestId(testId);
    if (!(await entry.isVisible())) await page.locator('.screen-menu-toggle').click();
    await entry.click();
    await expect(page.locator('main#workspace, [role="dialog"]').first()).toBeVisible();
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    const o = await overflow(page);
    await page.screenshot({ path: `${shotsDir}/${testId.replace(/^open-/, '')}-390x844.png`, fullPage: true });
    if (o.scroll > o.client) failures.push(`${testId}: page ${o.scroll} px wide in ${o.client} px (widest: ${o.widest})`);
  }
  expect(failures).toEqual([]);
});

test('820 wide (tablet): the SLA settings fit, every control on screen without sideways scrolling', async ({ page, signIn }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  const c = await signIn();
  await c.ready();
  const entry = page.getByTestId('open-sla');
  if (!(await entry.isVisible())) await page.locator('.screen-menu-toggle').click();
  await entry.click();
  const main = page.locator('main#workspace');
  await expect(main.getByRole('heading').first()).toBeVisible();
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: `${shotsDir}/sla-820x1180.png`, fullPage: true });
  const o = await overflow(page);
  expect(o.scroll, `widest: ${o.widest}`).toBeLessThanOrEqual(o.client);
  // Every input and button lies within the viewport's width (reachable by touch without panning).
  const outside = await main.locator('input, select, button').evaluateAll((els) =>
    els.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.left < 0 || r.right > document.documentElement.clientWidth);
    }).map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim() ?? e.tagName),
  );
  expect(outside).toEqual([]);
});
