import { mkdirSync, readFileSync } from 'node:fs';
import { AuditPage } from './pages/audit-page.js';
import { PrivacyPanel } from './pages/privacy-panel.js';
import { openScreen } from './pages/screen-links.js';
import { expect, test } from './support/fixtures.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * Issue 10's privacy requests as an admin meets them, on the real hub: export a customer's data from the
 * profile (the file holds what the hub knows), erase it with a reason, see the profile anonymised, an old
 * event sent again stays erased while a new one starts a new profile, and both acts are in the audit.
 * At a small laptop's 1024x768, the erasure by keyboard; screenshots for a person to look at (never published).
 */

const outDir = process.env.PEOPLE_SHOTS_DIR ?? 'test-results/screenshots';
test.use({ viewport: { width: 1024, height: 768 } });

test('privacy: an admin exports a customer, erases them with a reason; a resent event does not bring them back; both are audited', async ({ page, hubApi, signIn, customer }) => {
  test.setTimeout(120_000);
  const who = uniqueCustomer('erase');
  const event = {
    source: 'e2e',
    sourceEventId: `privacy-${who.email}`,
    channel: 'email',
    type: 'email.received',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    customer: { email: who.email, phone: who.phoneE164, name: who.name },
    summary: 'Where is my parcel?',
    data: { subject: 'Where is my parcel?', body: 'Hello, my parcel has not arrived.' },
  } as const;
  const { results } = await hubApi.ingest([event]);
  const customerId = results[0]!.customerId!;

  await signIn();
  await customer.openById(customerId);
  await expect(customer.profileName()).toHaveText(who.name);
  const privacy = new PrivacyPanel(page);

  // Export: the saved file is the hub's JSON about this person.
  const download = await privacy.export('json');
  expect(download.suggestedFilename()).toMatch(/^data-of-e2e-erase-\d+-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
  expect(JSON.stringify(exported)).toContain(who.email);
  expect(JSON.stringify(exported)).toContain('Where is my parcel?');

  // Erase, with a reason: the dialog says what went, in words; the profile is anonymised.
  const reason = `asked by email to be forgotten ${Date.now() % 1000}`;
  mkdirSync(outDir, { recursive: true });
  const words = await privacy.erase(reason, () => page.screenshot({ path: `${outDir}/privacy-erase-1024.png` }).then(() => undefined));
  expect(words).toMatch(/Removed the personal data of \d+ contact details?, 1 event/);
  expect(words).not.toMatch(/cus_|era_|evt_/);
  await expect(customer.profileName()).toHaveText('Erased customer');
  await expect(page.getByText(who.email)).toHaveCount(0);

  // The same event sent again (a webhook retry) is a duplicate of the erased one; a new event starts a new profile.
  const again = await hubApi.ingest([event]);
  expect(again.results[0]).toMatchObject({ status: 'duplicate', customerId });
  const fresh = await hubApi.ingest([{ ...event, sourceEventId: `${event.sourceEventId}-new`, occurredAt: new Date().toISOString() }]);
  expect(fresh.results[0]!.customerId).not.toBe(customerId);
  await page.reload();
  await expect(customer.profileName()).toHaveText('Erased customer');

  // The requests page (nothing from a shop in this run): a sentence, not an empty table.
  await openScreen(page, 'open-privacy');
  await expect(page.getByTestId('privacy-requests-page')).toBeVisible();
  await page.screenshot({ path: `${outDir}/privacy-requests-1024.png` });

  // Both are in the audit, in words, with the admin's reason.
  const audit = new AuditPage(page);
  await audit.open();
  await audit.onlyAction('Erased personal data');
  await expect(audit.rows().filter({ hasText: reason })).toHaveCount(1);
  await audit.onlyAction('Exported personal data');
  await expect(audit.rows().first()).toBeVisible();
});
