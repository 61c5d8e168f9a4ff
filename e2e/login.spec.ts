import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { ConsolePage } from './pages/console-page.js';

test('a wrong password is refused with a clear message', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.loginAs(undefined, 'not-the-password');
  await expect(login.error()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-omni-ready', 'login');
});

test('the admin logs in and reaches the console, and can log out', async ({ page }) => {
  const login = new LoginPage(page);
  await login.open();
  await login.loginAs();
  await new ConsolePage(page).ready();
  await page.getByTestId('logout').click();
  await expect(page.locator('html')).toHaveAttribute('data-omni-ready', 'login');
});
