import { expect, type Page } from '@playwright/test';
import { CustomerPage } from './customer-page.js';
import { waitForReady } from './login-page.js';

/** Page object: the console shell (top bar, command palette, recent customers) and the open customer. */
export class ConsolePage {
  constructor(private readonly page: Page) {
    this.customer = new CustomerPage(page);
  }

  async ready(): Promise<void> {
    await waitForReady(this.page, 'console');
  }

  async search(query: string): Promise<void> {
    await this.page.keyboard.press('Control+k');
    const input = this.page.getByTestId('palette-input');
    await expect(input).toBeFocused();
    await input.fill(query);
  }

  /**
   * Ctrl+K, then the text and Enter as fast as a keyboard-wedge scanner or a paste delivers them.
   * `keys`: real key events, all queued on the DevTools connection at once (Chromium runs them in
   * order) without waiting for the page in between. `same-task`: the text lands and Enter is
   * pressed in one page task, before any answer can possibly arrive. Returns the ms the page saw
   * between the first key and Enter (event timestamps).
   */
  async scanIntoPalette(text: string, how: 'keys' | 'same-task' = 'keys'): Promise<number> {
    await this.page.keyboard.press('Control+k');
    const input = this.page.getByTestId('palette-input');
    await expect(input).toBeFocused();
    await this.page.evaluate(() => {
      const w = window as unknown as { __scanKeys?: number[] };
      if (!w.__scanKeys) window.addEventListener('keydown', (e) => w.__scanKeys!.push(e.timeStamp), true);
      w.__scanKeys = [];
    });
    if (how === 'same-task') {
      await input.evaluate((el: HTMLInputElement, value: string) => {
        el.dispatchEvent(new KeyboardEvent('keydown', { key: value[0], bubbles: true }));
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }, text);
    } else {
      const cdp = await this.page.context().newCDPSession(this.page);
      try {
        const sent: Promise<unknown>[] = [];
        for (const ch of text) {
          sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch }));
          sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch }));
        }
        sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }));
        sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 }));
        await Promise.all(sent);
      } finally {
        await cdp.detach();
      }
    }
    const stamps = await this.page.evaluate(() => (window as unknown as { __scanKeys: number[] }).__scanKeys);
    return stamps.length > 1 ? stamps.at(-1)! - stamps[0]! : 0;
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

  /** The open customer's screen (timeline, filter, header). */
  readonly customer: CustomerPage;

  // The customer-screen locators below predate CustomerPage; they stay for the specs that use them.
  profileName() {
    return this.customer.profileName();
  }

  identifierChips() {
    return this.customer.identifierChips();
  }

  timeline() {
    return this.customer.timeline();
  }

  items() {
    return this.customer.items();
  }

  item(channel: string) {
    return this.customer.item(channel);
  }

  channelFilter(channel: string) {
    return this.customer.channelFilter(channel);
  }

  armLiveItems(): Promise<void> {
    return this.customer.armLiveItems();
  }

  nextLiveItem(): Promise<string> {
    return this.customer.nextLiveItem();
  }

  /** Opens the palette from the header's search button (the mouse way). */
  async openPaletteByClick(): Promise<void> {
    await this.page.locator('.search-trigger').click();
    await expect(this.page.getByTestId('palette-input')).toBeFocused();
  }

  /** Picks a customer from the "Recently active" sidebar. */
  async openRecent(name: string | RegExp): Promise<void> {
    await this.page.locator('.recent-item').filter({ hasText: name }).first().click();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await waitForReady(this.page, 'login');
  }
}
