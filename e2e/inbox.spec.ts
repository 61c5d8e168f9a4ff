import type { APIRequestContext, Browser } from '@playwright/test';
import type { Conversation, LoginResponse } from '../shared/index.js';
import { ConsolePage } from './pages/console-page.js';
import { InboxPage } from './pages/inbox-page.js';
import { LoginPage } from './pages/login-page.js';
import { expect, test } from './support/fixtures.js';
import { emailEvent } from './support/events.js';
import { E2E_HUB } from './support/env.js';
import { uniqueCustomer, type HubApi } from './support/hub-api.js';

/*
 * Issue 11, the inbox as agents meet it: an inbound email opens a conversation that shows up in
 * Unassigned with the count going up live; the keyboard works the list (j/k, e); a change made in one
 * console shows up live in another. Every wait is on the app's own signals (ready, live rows), never a sleep.
 */

/** A customer of our own with one inbound email; returns the customer id. */
async function customerWithEmail(hubApi: HubApi, tag: string): Promise<{ id: string; name: string }> {
  const who = uniqueCustomer(tag);
  const res = await hubApi.ingest([{ ...emailEvent(who), customer: { email: who.email, name: who.name } }]);
  return { id: res.results[0]!.customerId, name: who.name };
}

/** A conversation opened by hand and assigned (as the admin, over the API). */
async function openConversation(request: APIRequestContext, session: LoginResponse, customerId: string, subject: string, extra: Record<string, unknown> = {}): Promise<Conversation> {
  const res = await request.post('/api/v1/conversations', {
    headers: { authorization: `Bearer ${session.token}` },
    data: { customerId, subject, channel: 'note', priority: 'urgent', assigneeId: session.user.id, ...extra },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Conversation;
}

async function secondConsole(browser: Browser) {
  const ctx = await browser.newContext({ baseURL: E2E_HUB.url, viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  const login = new LoginPage(page);
  await login.open();
  await login.loginAs();
  await new ConsolePage(page).ready();
  return { ctx, page, inbox: new InboxPage(page) };
}

// Live through the inbox room (shared/rooms.ts rooms.inbox()): every reader of conversations hears new unassigned work.
test('an inbound email opens a conversation that appears in Unassigned, the count going up live', async ({ page, hubApi, signIn }) => {
  await signIn();
  const inbox = new InboxPage(page);
  await inbox.open('unassigned');
  const before = await inbox.count('unassigned');

  const who = uniqueCustomer('inbound');
  // Old enough that its first-response deadline has passed (it sorts at the top of Unassigned), yet inside
  // the hub's 7-day open window (server/conversations/settings.ts): older mail is history and opens nothing.
  await hubApi.ingest([{ ...emailEvent(who, 60 * 24 * 7 - 60), customer: { email: who.email, name: who.name } }]);

  await expect.poll(() => inbox.count('unassigned')).toBeGreaterThan(before);
  const row = inbox.row(who.name);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Where is my order?');
  await expect(row).toContainText('Email');
  await expect(row.getByTestId('row-sla').getByTestId('sla-badge')).toHaveAttribute('data-state', 'breached');
  await expect(row.getByTestId('row-who')).toHaveText('Nobody yet');
});

test('the keyboard works the list: j and k move, e solves, Enter opens the conversation over the customer’s timeline', async ({ page, request, hubApi, signIn }) => {
  const session = await hubApi.login();
  const a = await customerWithEmail(hubApi, 'kbda');
  const b = await customerWithEmail(hubApi, 'kbdb');
  await openConversation(request, session, a.id, `Keyboard first ${a.name}`);
  await openConversation(request, session, b.id, `Keyboard second ${b.name}`);

  await signIn();
  const inbox = new InboxPage(page);
  await inbox.open('mine');
  await expect(inbox.row(a.name)).toBeVisible();
  await expect(inbox.row(b.name)).toBeVisible();
  await expect(page.getByTestId('inbox-help')).toContainText('solve');

  // Select our first row by clicking it, then move with the keys.
  await inbox.row(a.name).click();
  await expect(inbox.selectedRow()).toContainText(a.name);
  const order = await inbox.rows().allTextContents();
  const aAt = order.findIndex((t) => t.includes(a.name));
  await inbox.press('j');
  await expect(inbox.selectedRow()).not.toContainText(a.name);
  await expect(inbox.selectedRow()).toBeFocused();
  await inbox.press('k');
  await expect(inbox.selectedRow()).toContainText(a.name);
  expect(aAt).toBeGreaterThanOrEqual(0);

  // Typing in a field never triggers a shortcut.
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('jkes');
  await page.keyboard.press('Escape');
  await expect(inbox.row(a.name)).toBeVisible();

  await inbox.row(a.name).click();
  await inbox.press('e');
  await expect(inbox.notice()).toHaveText('Conversation solved.');
  await expect(inbox.row(a.name)).toHaveCount(0);

  // Enter opens the selected conversation: its header over the customer's timeline, its items marked.
  await inbox.row(b.name).click();
  await inbox.press('Enter');
  await inbox.waitConversation(`Keyboard second ${b.name}`);
  await expect(page.getByTestId('conv-status')).toHaveValue('open');
  await expect(inbox.clocks()).toContainText('Resolution');
  await expect(new ConsolePage(page).profileName()).toHaveText(b.name);
  await expect(new ConsolePage(page).timeline()).toHaveAttribute('data-live', 'connected');
});

test('a status change in one console shows up live in another', async ({ page, browser, request, hubApi, signIn }) => {
  const session = await hubApi.login();
  const c = await customerWithEmail(hubApi, 'twoconsoles');
  const conv = await openConversation(request, session, c.id, `Two consoles ${c.name}`);

  await signIn({ path: `/#/conversations/${conv.id}` });
  const here = new InboxPage(page);
  await here.waitConversation(`Two consoles ${c.name}`);

  const other = await secondConsole(browser);
  try {
    await other.inbox.open('mine');
    const row = other.inbox.row(c.name);
    await expect(row).toHaveAttribute('data-status', 'open');
    const mineBefore = await other.inbox.count('mine');

    await here.setStatus('pending');
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('Pending');
    await expect(row.getByTestId('row-sla')).toContainText('paused while pending');

    await here.setStatus('solved');
    await expect(row).toHaveCount(0);
    await expect.poll(() => other.inbox.count('mine')).toBe(mineBefore - 1);
  } finally {
    await other.ctx.close();
  }
});

test('screenshots: the inbox and a conversation at desktop, small laptop and tablet sizes', async ({ page, request, hubApi, signIn }) => {
  const session = await hubApi.login();
  const c = await customerWithEmail(hubApi, 'shots');
  const conv = await openConversation(request, session, c.id, 'Order arrived damaged, wants a replacement', { tags: ['damaged', 'replacement'] });
  await signIn();
  const inbox = new InboxPage(page);
  await inbox.open('mine');
  await expect(inbox.row(c.name)).toBeVisible();
  for (const [w, h] of [
    [1440, 900],
    [1024, 768],
    [820, 1180],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await inbox.row(c.name).click();
    await page.screenshot({ path: `/tmp/h/shots/D/inbox-${w}x${h}.png` });
  }
  await page.goto(`/#/conversations/${conv.id}`);
  await inbox.waitConversation('Order arrived damaged, wants a replacement');
  for (const [w, h] of [
    [1440, 900],
    [1024, 768],
    [820, 1180],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await expect(inbox.clocks()).toBeVisible();
    await page.screenshot({ path: `/tmp/h/shots/D/conversation-${w}x${h}.png` });
  }
});

// The routing flow (offer, time-out, the other agent accepts, decline) runs in e2e/queue-routing.spec.ts.
