import type { Page } from '@playwright/test';

/** Page object: the next-actions panel beside a customer's timeline. */
export class ActionsPanel {
  constructor(private readonly page: Page) {}

  cards() {
    return this.page.getByTestId('action-card');
  }

  card(kind: string) {
    return this.page.locator(`[data-testid="action-card"][data-kind="${kind}"]`);
  }

  /** Hovers the card's first reason (which highlights the events behind it). */
  async hoverReason(kind: string): Promise<void> {
    await this.card(kind).getByTestId('action-reason').first().hover();
  }

  async execute(kind: string): Promise<void> {
    await this.card(kind).getByTestId('action-execute').click();
  }
}
