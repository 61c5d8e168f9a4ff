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
