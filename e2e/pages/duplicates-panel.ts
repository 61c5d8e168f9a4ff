import type { Page } from '@playwright/test';

/** Page object: probable duplicates under the profile, the merge confirmation, and the merge history with undo. */
export class DuplicatesPanel {
  constructor(private readonly page: Page) {}

  suggestions() {
    return this.page.getByTestId('duplicate-suggestion');
  }

  /** The panel is a closed badge until asked for (it never opens by itself): open it. */
  async open(): Promise<void> {
    const panel = this.page.getByTestId('duplicates-panel');
    if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  }

  /** Merge… then confirm (with an optional reason). */
  async merge(reason?: string): Promise<void> {
    await this.open();
    await this.page.getByText('Merge…').click();
    const confirm = this.page.getByTestId('merge-confirm');
    if (reason) await confirm.locator('input').fill(reason);
    await confirm.getByRole('button', { name: 'Merge', exact: true }).click();
  }

  history() {
    return this.page.getByTestId('merge-history');
  }

  /** Opens the history and undoes its (first) merge. */
  async undoMerge(): Promise<void> {
    await this.history().locator('summary').click();
    await this.page.getByTestId('merge-undo').first().click();
  }
}
