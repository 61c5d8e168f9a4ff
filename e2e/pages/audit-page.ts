import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the audit screen (`#/admin/audit`, leads and admins). */
export class AuditPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await openScreen(this.page, 'open-audit');
    await expect(this.page.getByTestId('audit-page')).toBeVisible();
  }

  async onlyAction(label: string): Promise<void> {
    await this.page.getByTestId('audit-action').selectOption({ label });
  }

  rows() {
    return this.page.getByTestId('audit-row');
  }
}
