import { readFileSync } from 'node:fs';
import { expect, test } from './support/fixtures.js';
import { E2E_HUB } from './support/env.js';
import { uniqueCustomer } from './support/hub-api.js';

/*
 * An email with an inline `cid:` image and a file attached, through the real email connector: in Chromium the
 * image shows inside the sandboxed email frame (fetched from the stored attachment, as a data: URL), and the
 * file downloads under its own name, served as an attachment with a safe type and nosniff.
 */

// A 2x2 red PNG: small, but a real image the frame must decode (naturalWidth 2).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEUlEQVR4nGP4z8DwnwGMgRQAH+4D/dJQfRoAAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% e2e receipt\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function rawEmail(who: { name: string; email: string }, messageId: string, cid: string): string {
  return [
    `From: ${who.name} <${who.email}>`,
    'To: support@shop.test',
    'Subject: Photo of the torn strap',
    `Message-ID: <${messageId}>`,
    `Date: ${new Date(Date.now() - 5 * 60_000).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    '--outer',
    'Content-Type: multipart/related; boundary="rel"',
    '',
    '--rel',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>The strap tore here: <img id="strap" src="cid:${cid}" alt="torn strap" width="40" height="40"></p><p>Receipt attached.</p>`,
    '--rel',
    'Content-Type: image/png; name="strap.png"',
    `Content-ID: <${cid}>`,
    'Content-Disposition: inline; filename="strap.png"',
    'Content-Transfer-Encoding: base64',
    '',
    PNG.toString('base64'),
    '--rel--',
    '--outer',
    'Content-Type: application/pdf; name="receipt.pdf"',
    'Content-Disposition: attachment; filename="receipt.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    PDF.toString('base64'),
    '--outer--',
    '',
  ].join('\r\n');
}

test('an email shows its inline cid: image in the sandboxed frame and downloads its attachment safely', async ({ page, request, signIn }) => {
  const who = uniqueCustomer('attach');
  const tag = who.email.split('@')[0]!;
  const cid = `strap.${tag}@mail.test`;
  const res = await request.post('/api/v1/connectors/email', {
    headers: { authorization: `Bearer ${E2E_HUB.ingestKey}`, 'content-type': 'message/rfc822' },
    data: rawEmail(who, `${tag}@mail.test`, cid),
  });
  expect(res.status(), await res.text()).toBe(202);

  const console_ = await signIn();
  await console_.openCustomer(who.email, who.name);
  const email = console_.item('email');
  await expect(email).toHaveCount(1);

  // Opening the email fetches the inline part from the hub: a raster image, typed, as a download, nosniff.
  const inlineFetch = page.waitForResponse((r) => /\/api\/v1\/emails\/[^/]+\/attachments\/[0-9a-f]{64}$/.test(new URL(r.url()).pathname) && r.request().method() === 'GET');
  await email.getByRole('button').first().click();
  const inline = await inlineFetch;
  expect(inline.status()).toBe(200);
  expect(inline.headers()['content-type']).toBe('image/png');
  expect(inline.headers()['content-disposition']).toMatch(/^attachment; filename="strap\.png"/);
  expect(inline.headers()['x-content-type-options']).toBe('nosniff');

  // The frame stays script-less and opaque; the image inside it is the stored one, decoded.
  const frameEl = email.getByTestId('email-frame');
  await expect(frameEl).toHaveAttribute('sandbox', '');
  await expect.poll(async () => (await frameEl.getAttribute('srcdoc')) ?? '').toContain('data:image/png;base64,');
  const srcdoc = (await frameEl.getAttribute('srcdoc')) ?? '';
  expect(srcdoc).not.toContain('cid:');
  const img = page.frameLocator('[data-testid="email-frame"]').locator('img#strap');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(2);

  // The inline part shows in the message, so only the real attachment is offered for download.
  const download = email.getByRole('button', { name: 'Download receipt.pdf' });
  await expect(download).toBeVisible();
  await expect(email.getByRole('button', { name: /Download strap\.png/ })).toHaveCount(0);
  const fileFetch = page.waitForResponse((r) => /\/attachments\/[0-9a-f]{64}$/.test(new URL(r.url()).pathname) && r.headers()['content-type'] === 'application/pdf');
  const saved = page.waitForEvent('download');
  await download.click();
  const served = await fileFetch;
  expect(served.headers()['content-disposition']).toMatch(/^attachment; filename="receipt\.pdf"/);
  expect(served.headers()['x-content-type-options']).toBe('nosniff');
  const file = await saved;
  expect(file.suggestedFilename()).toBe('receipt.pdf');
  const path = await file.path();
  expect(readFileSync(path).equals(PDF)).toBe(true);

  // Without a session the same file is refused (a link cannot leak it).
  const anonymous = await request.get(new URL(served.url()).pathname, { headers: { authorization: '' } });
  expect(anonymous.status()).toBe(401);
});
