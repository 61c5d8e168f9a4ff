import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

// The SLA settings screen (issue 11) for a lead or admin: edit targets and hours, import holidays with a preview.
const outDir = process.env.SLA_SHOTS_DIR ?? 'test-results/screenshots';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${outDir}/${name}.png` });
}

const ICS = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//sla//EN', 'BEGIN:VEVENT', 'UID:h1', 'DTSTART;VALUE=DATE:20271225', 'DTEND;VALUE=DATE:20271227', 'SUMMARY:Christmas', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:h2', 'DTSTART;VALUE=DATE:20270101', 'SUMMARY:New Year', 'END:VEVENT', 'BEGIN:VEVENT', 'UID:h3', 'DTSTART:20271224T130000Z', 'SUMMARY:Early close', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

for (const vp of [
  { width: 1440, height: 900, suffix: '' },
  { width: 1024, height: 768, suffix: '-1024' },
]) {
  test(`SLA settings ${vp.width}x${vp.height}: split shift, saved, holidays previewed then added`, async ({ page, signIn, hubApi, request }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: vp.width, height: vp.height });
    mkdirSync(outDir, { recursive: true });
    const { token } = await hubApi.login();
    const team = await request.post('/api/v1/teams', { headers: { authorization: `Bearer ${token}` }, data: { name: `Returns SLA ${Date.now() % 100000}` } });
    expect(team.status()).toBe(201);
    const teamName = ((await team.json()) as { team: { name: string } }).team.name;

    await signIn();
    await page.goto(`${page.url().split('#')[0]}#/admin/sla`);
    await expect(page.getByTestId('sla-page')).toBeVisible();
    await page.getByTestId('sla-queue').selectOption({ label: teamName });
    await expect(page.getByTestId('sla-targets')).toBeVisible();
    await page.getByLabel('Urgent first response in minutes').fill('20');
    await page.getByTestId('sla-around-the-clock').uncheck();
    await page.getByTestId('sla-zone').selectOption('Europe/Berlin');
    // A split shift on Monday: 09:00-17:00 becomes 08:00-12:00 and 13:00-18:00.
    await page.getByLabel('Monday shift 1 opens').fill('08:00');
    await page.getByLabel('Monday shift 1 closes').fill('12:00');
    await page.locator('[data-day="mon"]').getByRole('button', { name: 'Add shift' }).click();
    await page.getByLabel('Monday shift 2 opens').fill('13:00');
    await page.getByLabel('Monday shift 2 closes').fill('18:00');
    await shot(page, `sla-edit${vp.suffix}`);
    await page.getByTestId('sla-save').click();
    await expect(page.getByTestId('sla-saved')).toBeVisible();

    const file = join(outDir, 'holidays.ics');
    writeFileSync(file, ICS);
    await page.getByTestId('sla-ics').setInputFiles(file);
    await expect(page.getByTestId('sla-import-preview')).toBeVisible();
    await expect(page.getByTestId('sla-import-preview')).toContainText('Early close');
    await page.getByTestId('sla-import-preview').scrollIntoViewIfNeeded();
    await shot(page, `sla-import-preview${vp.suffix}`);
    await page.getByTestId('sla-import-apply').click();
    await expect(page.getByTestId('sla-holidays').getByRole('list', { name: 'Holidays' })).toContainText('Christmas');
    await shot(page, `sla-holidays${vp.suffix}`);
  });
}
