import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the inbox (`#/inbox`) and an open conversation (`#/conversations/<id>`). */
export class InboxPage {
  constructor(private readonly page: Page) {}

  /** From the top bar, then one of the views (Mine, Unassigned, a queue, Snoozed, Solved). */
  async open(view: 'mine' | 'unassigned' | 'snoozed' | 'solved' = 'mine'): Promise<void> {
    await openScreen(this.page, 'open-inbox');
    await expect(this.page.getByTestId('inbox')).toBeVisible();
    await this.showView(view);
  }

  async showView(view: 'mine' | 'unassigned' | 'snoozed' | 'solved' | 'queue'): Promise<void> {
    await this.page.getByTestId(`inbox-view-${view}`).first().click();
    await expect(this.page.getByTestId(`inbox-view-${view}`).first()).toHaveAttribute('aria-current', 'page');
    await expect(this.list()).toHaveAttribute('aria-busy', 'false');
  }

  /** The live count beside a view, as a number. */
  async count(view: 'mine' | 'unassigned'): Promise<number> {
    const el = this.page.getByTestId(`inbox-count-${view}`);
    await expect(el).toBeVisible();
    return Number((await el.textContent())!.replace(/\D/g, ''));
  }

  countBadge(view: 'mine' | 'unassigned') {
    return this.page.getByTestId(`inbox-count-${view}`);
  }

  list() {
    return this.page.getByTestId('inbox-list');
  }

  rows() {
    return this.page.getByTestId('inbox-row');
  }

  row(text: string | RegExp) {
    return this.rows().filter({ hasText: text });
  }

  selectedRow() {
    return this.page.locator('[data-testid="inbox-row"][aria-selected="true"]');
  }

  notice() {
    return this.page.getByTestId('inbox-notice');
  }

  /** A single-letter shortcut, pressed on the page (not into a field). */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  // The conversation screen
  header() {
    return this.page.getByTestId('conversation-header');
  }

  async waitConversation(subject: string | RegExp): Promise<void> {
    await expect(this.header().locator('.conv-subject')).toHaveText(subject);
  }

  async setStatus(status: 'open' | 'pending' | 'solved'): Promise<void> {
    await this.page.getByTestId('conv-status').selectOption(status);
    await expect(this.page.getByTestId('conv-status')).toHaveValue(status);
  }

  clocks() {
    return this.page.getByTestId('sla-clocks');
  }

  // Routing
  presence() {
    return this.page.getByTestId('presence-select');
  }

  offer() {
    return this.page.getByTestId('offer-toast');
  }
}
