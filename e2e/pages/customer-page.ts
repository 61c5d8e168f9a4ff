import { expect, type Page } from '@playwright/test';

/** Page object: one customer's screen (`/#/customers/<id>`): profile header, channel filter, live timeline. */
export class CustomerPage {
  constructor(private readonly page: Page) {}

  /** Opens a customer by URL (a deep link), waiting until the hub watches it live. */
  async openById(customerId: string, channels: string[] = []): Promise<void> {
    const qs = channels.length > 0 ? `?channels=${channels.join(',')}` : '';
    await this.page.goto(`/#/customers/${encodeURIComponent(customerId)}${qs}`);
    await this.waitLive();
  }

  /** The timeline's own signal: the hub acknowledged watching this customer. */
  async waitLive(): Promise<void> {
    await expect(this.timeline()).toHaveAttribute('data-live', 'connected');
  }

  /** The customer id in the URL, or null on another screen. */
  idInUrl(): string | null {
    const m = /#\/customers\/([^/?]+)/.exec(this.page.url());
    return m ? decodeURIComponent(m[1]!) : null;
  }

  /** The channel filter in the URL (`?channels=`), empty = all. */
  channelsInUrl(): string[] {
    const m = /[?&]channels=([^&#]*)/.exec(this.page.url());
    return m ? decodeURIComponent(m[1]!).split(',').filter(Boolean) : [];
  }

  header() {
    return this.page.getByTestId('profile-header');
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

  itemById(id: string) {
    return this.page.locator(`[data-testid="timeline-item"][data-id="${id}"]`);
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
