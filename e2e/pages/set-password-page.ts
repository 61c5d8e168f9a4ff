import { expect, type Page } from '@playwright/test';

/** Page object: the first-login "Choose your password" screen. */
export class SetPasswordPage {
  constructor(private readonly page: Page) {}

  async shown(): Promise<void> {
    await expect(this.page.locator('html')).toHaveAttribute('data-omni-ready', 'set-password', { timeout: 30_000 });
    await expect(this.page.getByTestId('set-password')).toBeVisible();
  }

  async choose(password: string): Promise<void> {
    await this.page.getByTestId('new-password').fill(password);
    await this.page.getByTestId('confirm-password').fill(password);
    await this.page.getByTestId('save-password').click();
  }
}
