import type { IngestEvent } from '../shared/index.js';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * docs: the timeline is virtualized, only visible rows are in the DOM, and pages load as the agent
 * scrolls. With 20,000 items for one customer in Chromium: the DOM stays small all the way down, and
 * scrolling reaches the oldest item.
 */
const TOTAL = 20_000;
const MAX_ROWS = 120; // rows in the DOM: what fits in the viewport plus overscan, never thousands

test('a 20,000-item timeline keeps a bounded DOM and scrolls to its oldest item', async ({ page, hubApi: api, signIn, customer }) => {
  test.setTimeout(300_000);
  const who = uniqueCustomer('virtual');
  const start = Date.now() - TOTAL * 60_000;
  // Oldest first, one minute apart (about two weeks: a few hundred day separators too).
  const event = (i: number): IngestEvent => ({
    source: 'e2e-virtual',
    sourceEventId: `${who.email}-${i}`,
    channel: 'sms',
    type: 'sms.received',
    occurredAt: new Date(start + i * 60_000).toISOString(),
    customer: { phone: who.phoneE164, ...(i === 0 ? { name: who.name } : {}) },
    summary: `Message number ${i}`,
    data: { direction: 'inbound', body: `Message number ${i}` },
  });
  for (let from = 0; from < TOTAL; from += 1000) await api.ingest(Array.from({ length: 1000 }, (_, k) => event(from + k)));

  const console_ = await signIn();
  await console_.openCustomer(who.phoneE164, who.name);
  await expect(customer.items().first()).toContainText(`Message number ${TOTAL - 1}`);
  const rows = page.locator('.tl-row');
  expect(await rows.count()).toBeLessThanOrEqual(MAX_ROWS);

  // Scroll to the bottom until every page is loaded (the feed's label drops its "+").
  const timeline = customer.timeline();
  let maxRows = 0;
  for (let i = 0; i < 1_000; i++) {
    const label = (await timeline.getAttribute('aria-label')) ?? '';
    if (label === `Timeline, ${TOTAL} events`) break;
    await timeline.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    maxRows = Math.max(maxRows, await rows.count());
    // The next page arrives (or the label settles) before scrolling again: wait on it, not a timer.
    await expect(timeline).not.toHaveAttribute('aria-label', label, { timeout: 15_000 }).catch(() => {});
  }
  await expect(timeline).toHaveAttribute('aria-label', `Timeline, ${TOTAL} events`);
  await timeline.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator('[data-testid="timeline-item"]', { hasText: 'Message number 0' }).first()).toBeVisible();
  maxRows = Math.max(maxRows, await rows.count());
  expect(maxRows).toBeLessThanOrEqual(MAX_ROWS);
  expect(await customer.items().count()).toBeLessThan(MAX_ROWS);
});
