import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, EmailDataSchema, TimelinePageSchema } from '../../shared/index.js';
import { TEST_INGEST_KEY } from '../http/test-support.js';
import { connectorApp, type ConnectorTestApp } from '../connectors/test/fixtures.js';

/*
 * Email attachments through the real email connector and the real HTTP app: the download route serves
 * only files an email lists, to callers who see that email in full, always as a download with a safe type.
 */

let h: ConnectorTestApp;
let associateToken: string;
beforeAll(async () => {
  h = await connectorApp();
  await h.t.domain.auth.createUser({ email: 'associate.attachments@test.local', name: 'Ana Ruiz', role: 'associate', password: 'associate-password-123' });
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'associate.attachments@test.local', password: 'associate-password-123' } });
  associateToken = (login.json() as { token: string }).token;
});
afterAll(async () => {
  await h?.close();
});

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const EVIL_HTML = '<script>alert(1)</script>';

const raw = [
  'From: Ann Lee <ann.attach@example.com>',
  'To: support@shop.test',
  'Subject: Photo of the zipper',
  'Message-ID: <att-route-1@mail.test>',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>See <img src="cid:zip1@mail.test" alt="zipper"></p>',
  '--rel',
  'Content-Type: image/png; name="zipper.png"',
  'Content-ID: <zip1@mail.test>',
  'Content-Disposition: inline; filename="zipper.png"',
  'Content-Transfer-Encoding: base64',
  '',
  PNG.toString('base64'),
  '--rel--',
  '--outer',
  'Content-Type: text/html; name="invoice.html"',
  'Content-Disposition: attachment; filename="r\u00e9sum\u00e9 \\"x\\".html"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from(EVIL_HTML).toString('base64'),
  '--outer--',
  '',
].join('\r\n');

const get = (url: string, token = h.adminToken) => h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

describe('email attachment downloads', () => {
  let eventId = '';
  let customerId = '';
  let png = '';
  let html = '';

  beforeAll(async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/email', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: raw });
    expect(res.statusCode, res.body).toBe(202);
    const r = ConnectorResponseSchema.parse(res.json()).results[0]!;
    eventId = r.eventId;
    customerId = r.customerId!;
    const page = TimelinePageSchema.parse((await get(`/api/v1/customers/${customerId}/timeline`)).json());
    const data = EmailDataSchema.parse(page.items.find((i) => i.id === eventId)!.data);
    png = data.attachments!.find((a) => a.contentType === 'image/png')!.sha256!;
    html = data.attachments!.find((a) => a.contentType === 'text/html')!.sha256!;
    // The inline image keeps its Content-ID, so the console can put it where the HTML says cid:.
    expect(data.attachments!.find((a) => a.sha256 === png)).toMatchObject({ inline: true, contentId: '<zip1@mail.test>', stored: true });
  });

  it('serves an inline image with its type, as a download, nosniff, sandboxed', async () => {
    const res = await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${png}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="zipper.png"; filename*=UTF-8''zipper.png`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.rawPayload.equals(PNG)).toBe(true);
  });

  it('never serves HTML as HTML, and keeps a hostile file name out of the header syntax', async () => {
    const res = await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${html}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    const cd = String(res.headers['content-disposition']);
    expect(cd.startsWith('attachment; filename="')).toBe(true);
    // One quoted string only: the sender's quotes cannot end it early.
    expect(cd.match(/"/g)).toHaveLength(2);
    expect(cd).toContain(`filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.html`);
    expect(res.rawPayload.toString()).toBe(EVIL_HTML);
  });

  it('answers only for files the email lists, to callers who see the email in full', async () => {
    expect((await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${'0'.repeat(64)}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/emails/no-such-event/attachments/${png}`)).statusCode).toBe(404);
    const bad = await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/..%2F..%2Fetc%2Fpasswd`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { issues: [{ path: 'sha256' }] } });
    // An associate sees this customer masked (no reveal): the email's attachments are hidden, the file too.
    const masked = await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${png}`, associateToken);
    expect(masked.statusCode).toBe(403);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${png}` })).statusCode).toBe(401);
    // After a reveal the associate may open it.
    const reveal = await h.app.inject({ method: 'POST', url: `/api/v1/customers/${customerId}/reveal`, headers: { authorization: `Bearer ${associateToken}` }, payload: { reason: 'customer asked about the photo' } });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect((await get(`/api/v1/emails/${encodeURIComponent(eventId)}/attachments/${png}`, associateToken)).statusCode).toBe(200);
  });
});
