import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

// axe on every screen: 0 serious or critical violations (WCAG 2.1 A/AA rules). Screens come from the
// header's own entries, so a new feature screen is checked without touching this file.

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

test('the login screen has no serious accessibility violations', async ({ page, loginPage }) => {
  await loginPage.open();
  expect(await seriousViolations(page)).toEqual([]);
});

test('the console, a customer (panels open, an event expanded) and every screen have no serious violations', async ({ page, signIn }) => {
  test.setTimeout(300_000);
  const c = await signIn();
  expect(await seriousViolations(page), 'home').toEqual([]);

  await c.openCustomer('Maya Chen', 'Maya Chen');
  // Keyboard: the first row has focus after opening from search; Enter expands it.
  await expect(c.customer.items().first().locator('.tl-head')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-details').first()).toBeVisible();
  for (const summary of await page.locator('[data-testid="profile-panels"] > details > summary').all()) await summary.click();
  expect(await seriousViolations(page), 'customer').toEqual([]);

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('maya');
  await expect(c.results().first()).toBeVisible();
  expect(await seriousViolations(page), 'search palette').toEqual([]);
  await page.keyboard.press('Escape');

  const screens = await page.locator('.screen-links-list [data-testid^="open-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  expect(screens.length).toBeGreaterThan(0);
  // Opening the counter switches this user into counter mode (home becomes /counter): check it last.
  screens.sort((a, b) => Number(a === 'open-counter') - Number(b === 'open-counter'));
  for (const testId of screens) {
    // A full load per screen (a hash-only goto would not load the app again, and ready() waits for a load).
    await page.goto('/#/');
    await page.reload();
    await c.ready();
    const entry = page.getByTestId(testId);
    if (!(await entry.isVisible())) await page.locator('.screen-menu-toggle').click();
    await entry.click();
    await expect(page.locator('main#workspace, [role="dialog"]').first()).toBeVisible();
    // Screens with live badges poll; give their first answers a moment, never wait for silence forever.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    expect(await seriousViolations(page), testId).toEqual([]);
  }
});
