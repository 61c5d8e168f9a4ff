import { expect, type Page } from '@playwright/test';

/** Page object: the audit screen (`#/admin/audit`, leads and admins). */
export class AuditPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('open-audit').click();
    await expect(this.page.getByTestId('audit-page')).toBeVisible();
  }

  async onlyAction(label: string): Promise<void> {
    await this.page.getByTestId('audit-action').selectOption({ label });
  }

  rows() {
    return this.page.getByTestId('audit-row');
  }
}
