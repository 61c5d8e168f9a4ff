import { expect, type Page } from '@playwright/test';
import { openScreen } from './screen-links.js';

/** Page object: the team lead's live floor (`/#/floor`). */
export class FloorPage {
  constructor(private readonly page: Page) {}

  /** From the header; the screen loads lazily with its chart. */
  async open(): Promise<void> {
    await openScreen(this.page, 'open-floor');
    await expect(this.root()).toBeVisible();
  }

  root() {
    return this.page.getByTestId('floor-page');
  }

  /** Shows one queue (by its name). */
  async showQueue(name: string): Promise<void> {
    await this.page.getByTestId('floor-queue').selectOption({ label: name });
  }

  async window(w: '15m' | '1h' | 'today'): Promise<void> {
    await this.page.getByTestId(`floor-window-${w}`).click();
  }

  /** A headline figure's shown value, e.g. figure('waiting') -> "2". */
  figure(name: 'waiting' | 'oldest' | 'sl' | 'asa' | 'offered' | 'answered' | 'abandoned') {
    return this.page.getByTestId(`fig-${name}-value`);
  }

  queueRows() {
    return this.page.getByTestId('floor-row');
  }

  agentRow(name: string) {
    return this.page.getByTestId('agent-row').filter({ hasText: name });
  }

  chart() {
    return this.page.getByTestId('floor-chart');
  }

  staffing() {
    return this.page.getByTestId('floor-staffing');
  }

  drilldown() {
    return this.page.getByTestId('floor-drilldown');
  }
}
