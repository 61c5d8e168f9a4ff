import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the customer-value screen for leads (`/#/value`). */
export class ValuePage {
  constructor(private readonly page: Page) {}

  /** From the header; the screen loads lazily with its charts. */
  async open(): Promise<void> {
    await openScreen(this.page, 'open-value');
    await expect(this.root()).toBeVisible();
  }

  root() {
    return this.page.getByTestId('value-screen');
  }

  summary() {
    return this.page.getByTestId('value-summary');
  }

  atRiskRows() {
    return this.page.getByTestId('at-risk-row');
  }
}
