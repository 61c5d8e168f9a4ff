import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ConsolePage } from './pages/console-page.js';
import { PiiNotice } from './pages/pii-notice.js';
import { openScreen } from './pages/screen-links.js';
import { SetPasswordPage } from './pages/set-password-page.js';
import { UsersPage } from './pages/users-page.js';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

// The people screens (issue 10) at a desktop and a small laptop, for a person to look at: never published.
const outDir = process.env.PEOPLE_SHOTS_DIR ?? 'test-results/screenshots';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${outDir}/${name}.png` });
}

for (const vp of [
  { width: 1440, height: 900, suffix: '' },
  { width: 1024, height: 768, suffix: '-1024' },
]) {
  test(`people screens ${vp.width}x${vp.height}`, async ({ page, signIn, loginPage, hubApi }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: vp.width, height: vp.height });
    mkdirSync(outDir, { recursive: true });
    const who = uniqueCustomer('shot');
    await hubApi.ingest([{ source: 'e2e', sourceEventId: `shot-${who.email}`, channel: 'email', type: 'email.received', occurredAt: new Date().toISOString(), summary: 'Where is my order?', customer: { email: who.email, phone: who.phoneE164, name: who.name }, data: { subject: 'Where is my order?', text: 'Hi, my order has not arrived.' } }]);

    const admin = await signIn();
    const users = new UsersPage(page);
    await users.open();
    await shot(page, `users${vp.suffix}`);
    const stamp = Date.now();
    const email = `shot.${stamp}@omni.local`;
    await page.getByTestId('new-user').click();
    await page.getByTestId('user-name').fill(`Pat Counter ${stamp % 1000}`);
    await page.getByTestId('user-email').fill(email);
    await page.getByTestId('user-role').selectOption('associate');
    await shot(page, `users-new${vp.suffix}`);
    await page.getByTestId('create-user-submit').click();
    const oneTime = (await page.getByTestId('one-time-password').textContent())!.trim();
    await shot(page, `users-created${vp.suffix}`);
    await page.getByRole('button', { name: 'Done' }).click();
    await openScreen(page, 'open-teams');
    await expect(page.getByTestId('teams-page')).toBeVisible();
    await shot(page, `teams${vp.suffix}`);
    await openScreen(page, 'open-audit');
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
    await shot(page, `audit${vp.suffix}`);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('open-my-sessions').click();
    await expect(page.getByTestId('my-session').first()).toBeVisible();
    await shot(page, `my-sessions${vp.suffix}`);
    await page.keyboard.press('Escape');
    await admin.logout();

    await loginPage.loginAs(email, oneTime);
    const setPassword = new SetPasswordPage(page);
    await setPassword.shown();
    await shot(page, `set-password${vp.suffix}`);
    await setPassword.choose('pat-counter-password');
    const console_ = new ConsolePage(page);
    await console_.ready();
    // Associates land in counter mode (issue 17); these shots are of the console.
    await page.getByTestId('counter-to-console').click();
    await console_.openCustomer(who.email, who.name);
    await expect(new PiiNotice(page).masked()).toBeVisible();
    await shot(page, `customer-masked${vp.suffix}`);
    await page.getByTestId('reveal-pii').click();
    await page.getByTestId('reveal-reason').fill('customer at the counter asks about her order');
    await shot(page, `reveal-dialog${vp.suffix}`);
    await page.getByTestId('reveal-submit').click();
    await expect(new PiiNotice(page).revealed()).toBeVisible();
    await shot(page, `customer-revealed${vp.suffix}`);
  });
}
