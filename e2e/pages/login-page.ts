import { expect, type Page } from '@playwright/test';
import { E2E_HUB } from '../support/env.js';

/** Page object: the login screen. */
export class LoginPage {
  constructor(private readonly page: Page) {}

  /** Opens the console signed out: the login screen (`path`: a deep link that login must lead back to). */
  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
    await waitForReady(this.page, 'login');
  }

  async loginAs(email = E2E_HUB.adminEmail, password = E2E_HUB.adminPassword): Promise<void> {
    await this.page.getByTestId('login-email').fill(email);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  error() {
    return this.page.getByTestId('login-error');
  }
}

/** Waits on the app's own ready signal (set by the renderer), never on a sleep. */
export async function waitForReady(page: Page, state: 'login' | 'console'): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-omni-ready', state, { timeout: 30_000 });
}
