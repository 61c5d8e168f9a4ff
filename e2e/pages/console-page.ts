import { expect, type Page } from '@playwright/test';
import { waitForReady } from './login-page.js';

/** Page object: the console (command palette, profile header, timeline). */
export class ConsolePage {
  constructor(private readonly page: Page) {}

  async ready(): Promise<void> {
    await waitForReady(this.page, 'console');
  }

  async search(query: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const input = this.page.getByTestId('palette-input');
    await expect(input).toBeFocused();
    await input.fill(query);
  }

  results() {
    return this.page.getByTestId('palette-result');
  }

  /** Search and open the first hit with the keyboard. */
  async openCustomer(query: string, expectName: string | RegExp): Promise<void> {
    await this.search(query);
    await expect(this.results().first()).toContainText(expectName);
    await this.page.keyboard.press('Enter');
    await expect(this.profileName()).toHaveText(expectName);
    await expect(this.timeline()).toHaveAttribute('data-live', 'connected');
  }

  profileName() {
    return this.page.getByTestId('profile-name');
  }

  identifierChips() {
    return this.page.getByTestId('identifier-chip');
  }

  timeline() {
    return this.page.getByTestId('timeline');
  }

  items() {
    return this.page.getByTestId('timeline-item');
  }

  item(channel: string) {
    return this.page.locator(`[data-testid="timeline-item"][data-channel="${channel}"]`);
  }

  channelFilter(channel: string) {
    return this.page.getByTestId(`channel-filter-${channel}`);
  }

  /**
   * Starts recording the renderer's `omni:timeline-item` signals. Await it BEFORE causing the event,
   * then `nextLiveItem()` resolves with the id of the first item patched in live.
   */
  async armLiveItems(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __omniLive: string[] };
      w.__omniLive = [];
      window.addEventListener('omni:timeline-item', (e) => w.__omniLive.push((e as CustomEvent<{ id: string }>).detail.id));
    });
  }

  async nextLiveItem(): Promise<string> {
    const handle = await this.page.waitForFunction(() => (window as unknown as { __omniLive: string[] }).__omniLive[0]);
    return (await handle.jsonValue()) as string;
  }
}
