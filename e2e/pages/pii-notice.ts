import type { Page } from '@playwright/test';

/** Page object: masked contact details on the profile header, Reveal with a reason, "revealed until". */
export class PiiNotice {
  constructor(private readonly page: Page) {}

  masked() {
    return this.page.getByTestId('pii-masked');
  }

  revealed() {
    return this.page.getByTestId('pii-revealed');
  }

  async reveal(reason: string): Promise<void> {
    await this.page.getByTestId('reveal-pii').click();
    await this.page.getByTestId('reveal-reason').fill(reason);
    await this.page.getByTestId('reveal-submit').click();
  }
}
