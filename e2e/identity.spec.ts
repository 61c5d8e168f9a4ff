import { expect, test } from '@playwright/test';
import { LoginPage } from './pages/login-page.js';
import { ConsolePage } from './pages/console-page.js';
import { HubApi, uniqueCustomer } from './support/hub-api.js';

// Two profiles of one person that share no identifier: the console suggests them, merges on a click, and undoes exactly.
test('possible duplicate: suggested with evidence, merged with confirmation, undone from the history', async ({ page, request }) => {
  const api = new HubApi(request);
  const a = uniqueCustomer('dupa');
  const b = uniqueCustomer('dupb');
  const surname = `Quill${a.phoneE164.slice(-6).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;
  const data = { dateOfBirth: '1984-03-07', address: { line1: '12 Harbour Street', city: 'Bondi', postcode: '2026' } };
  const base = { source: 'e2e', channel: 'email', type: 'email.received', occurredAt: new Date().toISOString(), summary: 'hello' } as const;
  await api.ingest([{ ...base, sourceEventId: `dup-a-${a.email}`, customer: { email: a.email, name: `Robert ${surname}` }, data }]);
  await api.ingest([{ ...base, sourceEventId: `dup-b-${b.email}`, customer: { email: b.email, phone: b.phoneE164, name: `Bob ${surname}` }, data }]);

  await new LoginPage(page).open();
  await new LoginPage(page).loginAs();
  const console_ = new ConsolePage(page);
  await console_.ready();
  await console_.openCustomer(a.email, `Robert ${surname}`);

  const suggestion = page.getByTestId('duplicate-suggestion');
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toContainText(`Bob ${surname}`);
  await page.getByText('Merge…').click();
  await page.getByTestId('merge-confirm').getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(page.getByTestId('merge-history')).toBeVisible();
  await expect(console_.identifierChips().filter({ hasText: b.email })).toBeVisible();
  await expect(suggestion).toHaveCount(0);

  await page.getByTestId('merge-history').locator('summary').click();
  await page.getByTestId('merge-undo').click();
  await expect(page.getByTestId('merge-history')).toContainText('undone');
  await expect(console_.identifierChips().filter({ hasText: b.email })).toHaveCount(0);
  await expect(suggestion).toHaveCount(1);
});
