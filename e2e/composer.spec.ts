import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { ComposerPage } from './pages/composer-page.js';
import { ConsolePage } from './pages/console-page.js';
import { InboxPage } from './pages/inbox-page.js';
import { LoginPage } from './pages/login-page.js';
import { expect, test } from './support/fixtures.js';
import { emailEvent } from './support/events.js';
import { E2E_HUB } from './support/env.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * Issue 12, replying from the console in Chromium against the demo hub: a reply goes out by email through
 * the hub's embedded SMTP sink (demo mode) and shows its delivery state; the draft survives a reload; a note
 * with an @mention reaches the teammate live and never the customer; a macro asks for what it cannot fill
 * and also sets the status.
 */
const SHOTS = '/tmp/h/shots/composer';
const PASSWORD = 'composer-password-e2e';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function teammate(request: APIRequestContext, adminToken: string, teamId: string, who: { email: string; name: string }): Promise<void> {
  const made = await request.post('/api/v1/users', { headers: auth(adminToken), data: { ...who, role: 'agent', teamIds: [teamId] } });
  expect(made.status(), await made.text()).toBe(201);
  const { oneTimePassword } = (await made.json()) as { oneTimePassword: string };
  const { token } = (await (await request.post('/api/v1/auth/login', { data: { email: who.email, password: oneTimePassword } })).json()) as { token: string };
  const set = await request.post('/api/v1/auth/password', { headers: auth(token), data: { currentPassword: oneTimePassword, newPassword: PASSWORD } });
  expect(set.status(), await set.text()).toBe(204);
}

/** Mail the demo hub's SMTP sink received that contains `text`. */
function sunkMail(text: string): string | undefined {
  const dir = join(E2E_HUB.dataDir, 'demo-mail');
  let files: string[] = [];
  try {
    files = readdirSync(dir);
  } catch {
    return undefined;
  }
  return files.map((f) => readFileSync(join(dir, f), 'utf8')).find((raw) => raw.includes(text));
}

test('reply by email through the SMTP sink, draft kept, a note with a mention stays internal, a macro asks what it cannot fill', async ({ page, browser, request, hubApi, signIn }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  const admin = await hubApi.login();
  const stamp = Date.now();
  const team = await request.post('/api/v1/teams', { headers: auth(admin.token), data: { name: `Composer e2e ${stamp}` } });
  expect(team.status(), await team.text()).toBe(201);
  const teamId = ((await team.json()) as { team: { id: string } }).team.id;
  const grace = { email: `grace.${stamp}@omni.local`, name: `Grace Composer${stamp % 1000}` };
  await teammate(request, admin.token, teamId, grace);
  const macroName = `Order update ${stamp}`;
  const macro = await request.post('/api/v1/macros', {
    headers: auth(admin.token),
    data: { name: macroName, body: 'Hi {{customer.firstName}}, order {{order.number}} ships today. Tracking: {{ask:Tracking number}}', actions: { status: 'pending', addTags: ['shipping'] } },
  });
  expect(macro.status(), await macro.text()).toBe(201);

  const who = uniqueCustomer('composer');
  const res = await hubApi.ingest([{ ...emailEvent(who), customer: { email: who.email, phone: who.phoneE164, name: who.name } }]);
  const customerId = res.results[0]!.customerId;
  const list = await request.get(`/api/v1/conversations?view=all&customerId=${customerId}`, { headers: auth(admin.token) });
  const conv = ((await list.json()) as { conversations: { id: string }[] }).conversations[0]!;

  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn({ path: `/#/conversations/${conv.id}` });
  await new InboxPage(page).waitConversation('Where is my order?');
  const composer = new ComposerPage(page);

  // Reply mode: public, by email, to the address the customer has; the channel can switch to a text.
  await expect(composer.target()).toContainText('Public reply');
  await expect(page.getByTestId('composer-channel')).toHaveValue('email');
  await expect(page.getByTestId('composer-recipient')).toContainText(who.email);

  // The draft is saved on the hub while typing and is there again after a reload.
  const replyText = `Your parcel left our warehouse (${stamp}).`;
  const saved = composer.draftSaved('reply');
  await composer.type(replyText);
  await saved;
  await page.reload();
  await new InboxPage(page).waitConversation('Where is my order?');
  await expect(composer.text()).toHaveValue(replyText);
  await page.screenshot({ path: `${SHOTS}/reply-1024.png` });

  await composer.send();
  await expect(composer.text()).toHaveValue('');
  const sent = composer.sentReplies().first();
  await expect(sent).toHaveAttribute('data-status', 'sent');
  await expect(sent).toContainText('Sent (accepted by the mail server)');
  // The mail really went through the demo hub's SMTP sink, threaded as a reply.
  await expect.poll(() => sunkMail(replyText) !== undefined).toBe(true);
  expect(sunkMail(replyText)).toMatch(/^Subject: Re: Where is my order\?/im);

  // Grace signs in elsewhere; a note mentioning her reaches her live, and never the customer.
  const ctx = await browser.newContext({ baseURL: E2E_HUB.url, viewport: { width: 1024, height: 768 } });
  try {
    const gracePage = await ctx.newPage();
    const login = new LoginPage(gracePage);
    await login.open();
    await login.loginAs(grace.email, PASSWORD);
    await new ConsolePage(gracePage).ready();

    await composer.mode('note');
    await expect(composer.target()).toContainText('Internal note');
    await composer.type('@Grace');
    await expect(composer.mentions()).toContainText(grace.name);
    await page.keyboard.press('Enter');
    const noteText = `please call the carrier ${stamp}`;
    await composer.text().pressSequentially(noteText);
    await expect(composer.text()).toHaveValue(`@${grace.name} ${noteText}`);
    await page.screenshot({ path: `${SHOTS}/note-1024.png` });
    await composer.send();
    await expect(composer.sentNotes().first()).toContainText(noteText);
    await expect(composer.sentNotes().first()).toContainText('Internal note');

    const toast = gracePage.getByTestId('mention-toast');
    await expect(toast).toContainText('mentioned you');
    await expect(toast).toContainText(noteText);
    await gracePage.getByTestId('mention-open').click();
    await expect(gracePage.getByTestId('conversation-header')).toContainText('Where is my order?');
  } finally {
    await ctx.close();
  }
  // Still exactly one outbound message, and no mail carries the note.
  const afterNote = await request.get(`/api/v1/conversations/${conv.id}/replies`, { headers: auth(admin.token) });
  expect(((await afterNote.json()) as { messages: unknown[] }).messages).toHaveLength(1);
  expect(sunkMail(`please call the carrier ${stamp}`)).toBeUndefined();

  // A macro: the hub fills the first name; no order on file and the tracking number are asked here.
  await composer.mode('reply');
  await composer.openMacros();
  await composer.chooseMacro(macroName);
  await expect(composer.question('Order number')).toBeFocused();
  await composer.question('Order number').fill('R-7788');
  await composer.question('Tracking number').fill('1Z999');
  await page.screenshot({ path: `${SHOTS}/macro-1024.png` });
  await page.keyboard.press('Enter');
  await expect(composer.text()).toHaveValue(`Hi ${who.name.split(' ')[0]}, order R-7788 ships today. Tracking: 1Z999`);
  await expect(composer.macroActions()).toContainText('status Pending');
  await expect(composer.text()).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(composer.text()).toHaveValue('');
  await page.screenshot({ path: `${SHOTS}/macro-sent-1024.png` });
  await expect(page.getByTestId('composer-error')).toHaveCount(0);
  // Newest first: the macro's reply on top, then the note (the first reply is behind "Show all").
  await expect(composer.sentReplies().first()).toHaveAttribute('data-status', 'sent');
  const sentNow = await request.get(`/api/v1/conversations/${conv.id}/replies`, { headers: auth(admin.token) });
  expect(((await sentNow.json()) as { messages: unknown[] }).messages).toHaveLength(2);
  await expect(page.getByTestId('conv-status')).toHaveValue('pending');
  await expect.poll(() => sunkMail('Tracking: 1Z999') !== undefined).toBe(true);

  // Log call: the agent phoned the customer; the outcome, minutes, notes and callback time land on the timeline live.
  await composer.openCallLog();
  await composer.callLog('outcome').selectOption('callback_requested');
  await composer.callLog('minutes').fill('4');
  await composer.callLog('callback').fill('2026-12-24T09:30');
  const callNotes = `Wants the refund on the card ${stamp}`;
  await composer.callLog('notes').fill(callNotes);
  await page.screenshot({ path: `${SHOTS}/call-log-1024.png` });
  await page.keyboard.press('Control+Enter');
  await expect(composer.callLog('done')).toHaveText('Call logged: callback requested.');
  const logged = await request.get(`/api/v1/conversations/${conv.id}/call-logs`, { headers: auth(admin.token) });
  const callLogs = ((await logged.json()) as { callLogs: { id: string; outcome: string; durationSec: number; countsAsResponse: boolean }[] }).callLogs;
  expect(callLogs).toHaveLength(1);
  expect(callLogs[0]).toMatchObject({ outcome: 'callback_requested', durationSec: 240, countsAsResponse: true });
  const callItem = page.locator(`[data-testid="timeline-item"][data-id="${callLogs[0]!.id}"]`);
  await expect(callItem).toContainText(`Called the customer: callback requested — ${callNotes}`);
  await expect(callItem).toContainText('Callback requested');
  // Esc closes "Log call"; the item opens from the keyboard.
  await composer.callLog('notes').press('Escape');
  await expect(page.getByTestId('call-log-form')).toHaveCount(0);
  await callItem.locator('.tl-head').focus();
  await page.keyboard.press('Enter');
  await expect(callItem.getByTestId('call-log-details')).toContainText('We called the customer');
  await expect(callItem.getByTestId('call-log-notes-text')).toHaveText(callNotes);
  await page.screenshot({ path: `${SHOTS}/call-log-timeline-1024.png` });
});
