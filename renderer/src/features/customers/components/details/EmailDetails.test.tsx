import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { HubProvider } from '../../../../api/HubProvider.js';
import { createHubFetch } from '../../../../api/hub-fetch.js';
import { EmailDetails } from './EmailDetails.js';

/* Inline `cid:` images come from the stored attachments (fetched with the session, shown as data: URLs); files download. */

const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const IMG_SHA = 'a'.repeat(64);
const PDF_SHA = 'b'.repeat(64);

afterEach(cleanup);

function setup(types: Record<string, string>) {
  const requests: { path: string; auth: string | null }[] = [];
  const hub = createHubFetch({
    baseUrl: 'http://hub.test',
    getToken: () => 'tok',
    fetchImpl: (input, init) => {
      const path = new URL(String(input)).pathname;
      requests.push({ path, auth: new Headers(init?.headers).get('authorization') });
      const sha = path.split('/').at(-1)!;
      return Promise.resolve(new Response(PNG, { status: 200, headers: { 'content-type': types[sha] ?? 'application/octet-stream' } }));
    },
  });
  const data = {
    subject: 'Zipper',
    html: '<p>Look: <img src="cid:zip1@mail.test" alt="zipper"></p>',
    attachments: [
      { filename: 'zipper.png', contentType: 'image/png', size: PNG.length, sha256: IMG_SHA, stored: true, inline: true, contentId: '<zip1@mail.test>' },
      { filename: 'receipt.pdf', contentType: 'application/pdf', size: 2048, sha256: PDF_SHA, stored: true },
      { filename: 'huge.mov', contentType: 'video/quicktime', size: 90_000_000, stored: false },
    ],
  };
  render(
    <HubProvider hub={hub}>
      <EmailDetails data={data} eventId="evt 1" />
    </HubProvider>,
  );
  return requests;
}

const srcdoc = () => screen.getByTestId('email-frame').getAttribute('srcdoc') ?? '';

describe('EmailDetails attachments', () => {
  it('shows an inline cid: image from the stored part, fetched with the session', async () => {
    const requests = setup({ [IMG_SHA]: 'image/png' });
    await waitFor(() => expect(srcdoc()).toContain('data:image/png;base64,'));
    expect(srcdoc()).not.toContain('cid:');
    expect(requests[0]).toEqual({ path: `/api/v1/emails/evt%201/attachments/${IMG_SHA}`, auth: 'Bearer tok' });
  });

  it('keeps a part the hub does not serve as a raster image out of the frame', async () => {
    const requests = setup({ [IMG_SHA]: 'application/octet-stream' });
    await waitFor(() => expect(requests).toHaveLength(1));
    // Give the read a moment; the placeholder stays.
    await new Promise((r) => setTimeout(r, 50));
    expect(srcdoc()).not.toContain('data:image/png;base64,');
    expect(srcdoc()).toContain('data-blocked');
  });

  it('lists files sent alongside as downloads, and names the ones not kept', async () => {
    setup({ [IMG_SHA]: 'image/png' });
    const list = screen.getByRole('list', { name: 'Attachments' });
    expect(list.textContent).toContain('Download receipt.pdf');
    expect(list.textContent).toContain('huge.mov (not kept)');
    // The inline image is part of the message, not a file in the list.
    expect(list.textContent).not.toContain('zipper.png');
    expect(screen.getByRole('button', { name: 'Download receipt.pdf' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download receipt.pdf' }));
  });
});
