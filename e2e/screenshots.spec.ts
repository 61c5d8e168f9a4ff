import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { LoginPage } from './pages/login-page.js';
import { ConsolePage } from './pages/console-page.js';

// Keeps README screenshots true to the build: always renders the screens, writes PNGs to docs/ only on request.
const outDir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';

test('console screenshots (login, demo customer workspace)', async ({ page }) => {
  mkdirSync(outDir, { recursive: true });
  const login = new LoginPage(page);
  await login.open();
  await page.screenshot({ path: `${outDir}/login.png` });
  await login.loginAs();
  const console_ = new ConsolePage(page);
  await console_.ready();
  await console_.openCustomer('Maya Chen', 'Maya Chen');
  await expect(console_.items().first()).toBeVisible();
  await console_.items().first().click();
  await expect(page.getByTestId('action-card').first()).toBeVisible();
  await page.screenshot({ path: `${outDir}/console.png` });
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('maya');
  await expect(console_.results().first()).toContainText('Maya Chen');
  await page.screenshot({ path: `${outDir}/search.png` });
});
