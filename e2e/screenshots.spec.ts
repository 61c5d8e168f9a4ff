import { mkdirSync } from 'node:fs';
import { expect, test } from './support/fixtures.js';

// Keeps README screenshots true to the build: always renders the screens, writes PNGs to docs/ only on request.
// The README's shots are the 1440x900 ones; 1024x768 (a small laptop) and 820x1180 (a tablet held upright) are checked for layout, never published.
const outDir = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots';

for (const vp of [
  { width: 1440, height: 900, suffix: '' },
  { width: 1024, height: 768, suffix: '-1024' },
  { width: 820, height: 1180, suffix: '-tablet' },
]) {
  test.describe(`at ${vp.width}x${vp.height}`, () => {
    test.use({ viewport: { width: vp.width, height: vp.height } });
    test.skip(Boolean(process.env.UPDATE_SCREENSHOTS) && vp.suffix !== '', 'only the 1440x900 shots are published');

    test(`console screenshots (login, demo customer workspace, search) ${vp.width}x${vp.height}`, async ({ page, loginPage, signIn }) => {
      mkdirSync(outDir, { recursive: true });
      await loginPage.open();
      await page.screenshot({ path: `${outDir}/login${vp.suffix}.png` });
      const console_ = await signIn();
      await console_.openCustomer('Maya Chen', 'Maya Chen');
      await expect(console_.items().first()).toBeVisible();
      await console_.items().first().click();
      // Up to 1024 px the next actions are a drawer behind a toggle.
      if (vp.width <= 1024) await page.getByTestId('aside-toggle').click();
      await expect(page.getByTestId('action-card').first()).toBeVisible();
      await page.screenshot({ path: `${outDir}/console${vp.suffix}.png` });
      await page.keyboard.press('Control+k');
      await page.getByTestId('palette-input').fill('maya');
      await expect(console_.results().first()).toContainText('Maya Chen');
      await page.screenshot({ path: `${outDir}/search${vp.suffix}.png` });
    });
  });
}
