import { expect, test } from './support/fixtures.js';

test('a wrong password is refused with a clear message', async ({ page, loginPage }) => {
  await loginPage.open();
  await loginPage.loginAs(undefined, 'not-the-password');
  await expect(loginPage.error()).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-omni-ready', 'login');
});

test('the admin logs in and reaches the console, and can log out', async ({ signIn }) => {
  const console_ = await signIn();
  await console_.logout();
});
