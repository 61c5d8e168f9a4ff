import { Secret, TOTP } from 'otpauth';
import type { LoginResponse, TotpSetup } from '../shared/index.js';
import { waitForReady } from './pages/login-page.js';
import { HubApi } from './support/hub-api.js';
import { expect, test } from './support/fixtures.js';

/*
 * Two-step sign-in in Chromium at 1024x768: a user who turned it on signs in with password, then the
 * code from the authenticator app (computed here from the secret the hub showed, as the app would).
 */

const codeAt = (secret: string, ms: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: ms });

test('password, then the code from the app; a wrong code is refused with a clear message', async ({ page, request, loginPage }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const admin = await new HubApi(request).login();
  const email = `e2e.totp.${Date.now()}@example.com`;
  const password = 'tess-two-step-pass';
  const created = await request.post('/api/v1/users', { headers: { authorization: `Bearer ${admin.token}` }, data: { email, name: 'Tess Twostep', role: 'agent' } });
  expect(created.status(), await created.text()).toBe(201);
  const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };
  const first = (await (await request.post('/api/v1/auth/login', { data: { email, password: oneTimePassword } })).json()) as LoginResponse;
  const as = { authorization: `Bearer ${first.token}` };
  expect((await request.post('/api/v1/auth/password', { headers: as, data: { currentPassword: oneTimePassword, newPassword: password } })).status()).toBe(204);
  const setup = (await (await request.post('/api/v1/auth/totp/setup', { headers: as, data: {} })).json()) as TotpSetup;
  const secret = setup.secretGroups.join('');
  expect((await request.post('/api/v1/auth/totp/enable', { headers: as, data: { code: codeAt(secret, Date.now()) } })).status()).toBe(200);

  await loginPage.open();
  await loginPage.loginAs(email, password);
  const code = page.getByTestId('totp-code');
  await expect(code).toBeFocused();
  await expect(page.getByTestId('totp-submit')).toBeInViewport();

  await code.fill('000000');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('totp-error')).toContainText('not correct');
  await page.screenshot({ path: test.info().outputPath('two-step-code.png') });

  // The next step's code (the one used to turn it on cannot be used again).
  await code.fill(codeAt(secret, Date.now() + 30_000));
  await page.keyboard.press('Enter');
  await waitForReady(page, 'console');

  // The user menu says it is on (and offers to turn it off with a code).
  await page.getByTestId('user-menu').click();
  await page.getByTestId('open-two-step').click();
  await expect(page.getByTestId('two-step-state')).toContainText('is on');
  await expect(page.getByTestId('two-step-submit')).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('two-step-dialog.png') });
});
