import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the admin connectors screen (`/#/admin/connectors`): status per connector, dead letters, replay. */
export class ConnectorsPage {
  constructor(private readonly page: Page) {}

  /** From the header, as an admin would. */
  async open(): Promise<void> {
    await openScreen(this.page, 'open-connectors');
    await expect(this.root()).toBeVisible();
  }

  root() {
    return this.page.getByTestId('connectors-page');
  }

  row(connector: string) {
    return this.page.locator(`[data-testid="connector-row"][data-connector="${connector}"]`);
  }

  deadLetters(connector?: string) {
    const all = this.page.getByTestId('dead-letter');
    return connector ? all.filter({ hasText: connector }) : all;
  }

  async close(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.root()).toHaveCount(0);
  }
}
