import { expect, type Download, type Page } from '@playwright/test';

/** Page object: export and erase on the customer screen (admins), through their dialogs. */
export class PrivacyPanel {
  constructor(private readonly page: Page) {}

  actions() {
    return this.page.getByTestId('privacy-actions');
  }

  /** Exports in the given format and returns the browser's download. */
  async export(format: 'json' | 'zip'): Promise<Download> {
    await this.page.getByTestId('open-export').click();
    const dialog = this.page.getByTestId('export-dialog');
    await dialog.getByTestId(`export-format-${format}`).check();
    const [download] = await Promise.all([this.page.waitForEvent('download'), dialog.getByTestId('export-submit').click()]);
    await expect(this.page.getByTestId('export-done')).toBeVisible();
    await this.page.getByTestId('export-done').getByRole('button', { name: 'Done' }).click();
    return download;
  }

  /**
   * Erases with a reason, by keyboard only (the dialog focuses the reason; Tab reaches the confirmation,
   * Cancel, then the erase button), and returns the dialog's words about what went. `beforeSubmit` runs
   * with the form filled in (a screenshot).
   */
  async erase(reason: string, beforeSubmit: () => Promise<void> = async () => {}): Promise<string> {
    await this.page.getByTestId('open-erase').focus();
    await this.page.keyboard.press('Enter');
    const dialog = this.page.getByTestId('erase-dialog');
    await expect(dialog.getByTestId('erase-reason')).toBeFocused();
    await this.page.keyboard.type(reason);
    await this.page.keyboard.press('Tab');
    await expect(dialog.getByTestId('erase-confirm')).toBeFocused();
    await this.page.keyboard.press('Space');
    await expect(dialog.getByTestId('erase-confirm')).toBeChecked();
    await beforeSubmit();
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Tab');
    await expect(dialog.getByTestId('erase-submit')).toBeFocused();
    await this.page.keyboard.press('Enter');
    const done = this.page.getByTestId('erase-done');
    await expect(done).toBeVisible();
    const words = (await done.textContent()) ?? '';
    await done.getByRole('button', { name: 'Done' }).click();
    return words;
  }
}
