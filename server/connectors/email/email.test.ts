import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorResponseSchema, EmailDataSchema } from '../../../shared/index.js';
import { TEST_INGEST_KEY } from '../../http/test-support.js';
import { connectorApp, DATA_DIR, hasData, listFiles, type ConnectorTestApp } from '../test/fixtures.js';
import { systemActor } from '../../../shared/actor.js';

let h: ConnectorTestApp;
beforeAll(async () => {
  h = await connectorApp({ maxAttachmentBytes: 2000 });
});
afterAll(async () => {
  await h?.close();
});

const key = { authorization: `Bearer ${TEST_INGEST_KEY}` };
const sendEml = (raw: string | Buffer, headers: Record<string, string> = key) =>
  h.app.inject({ method: 'POST', url: '/api/v1/connectors/email', headers: { 'content-type': 'message/rfc822', ...headers }, payload: raw });
const db = () => (h.t.domain as unknown as { database: { db: import('../../storage/schema.js').Db } }).database.db;
const itemOf = async (eventId: string) => {
  const row = await db().selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
};

const msg = (id: string, extra: string, body = 'Hello') =>
  `From: Ann Lee <ann@example.com>\r\nTo: support@shop.test\r\nSubject: Where is my order?\r\nMessage-ID: <${id}@mail.test>\r\nDate: Wed, 01 May 2024 10:00:00 +0000\r\n${extra}Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

describe('email connector (raw RFC 822)', () => {
  it('requires the ingest key and message/rfc822', async () => {
    expect((await sendEml(msg('a0', ''), {})).statusCode).toBe(401);
    const json = await h.app.inject({ method: 'POST', url: '/api/v1/connectors/email', headers: { 'content-type': 'application/json', ...key }, payload: '{}' });
    expect(json.statusCode).toBe(415);
  });

  it('threads replies by References / In-Reply-To into one threadId, and dedupes by Message-ID', async () => {
    const a = ConnectorResponseSchema.parse((await sendEml(msg('t1', ''))).json()).results[0]!;
    const b = ConnectorResponseSchema.parse((await sendEml(msg('t2', 'In-Reply-To: <t1@mail.test>\r\n', 'Any news?\r\n\r\n> Hello'))).json()).results[0]!;
    const c = ConnectorResponseSchema.parse((await sendEml(msg('t3', 'In-Reply-To: <t2@mail.test>\r\nReferences: <T1@mail.test> <t2@mail.test>\r\n'))).json()).results[0]!;
    const threads = await Promise.all([a, b, c].map(async (r) => (await itemOf(r.eventId)).data['threadId']));
    expect(threads).toEqual(['<t1@mail.test>', '<t1@mail.test>', '<t1@mail.test>']);
    expect(new Set([a, b, c].map((r) => r.customerId)).size).toBe(1);
    const again = ConnectorResponseSchema.parse((await sendEml(msg('t1', ''))).json()).results[0]!;
    expect(again).toMatchObject({ status: 'duplicate', eventId: a.eventId });
    const data = EmailDataSchema.parse((await itemOf(b.eventId)).data);
    expect(data).toMatchObject({ direction: 'inbound', subject: 'Where is my order?', from: 'Ann Lee <ann@example.com>', inReplyTo: '<t1@mail.test>' });
  });

  it('keeps attachments as metadata and writes small ones to the attachments dir (size cap)', async () => {
    const small = Buffer.from('small file').toString('base64');
    const big = Buffer.alloc(5000, 7).toString('base64');
    const raw = [
      'From: bo@example.com',
      'Subject: files',
      'Message-ID: <att1@mail.test>',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b1',
      'Content-Type: text/plain; name="small.txt"',
      'Content-Disposition: attachment; filename="small.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      small,
      '--b1',
      'Content-Type: application/octet-stream; name="../../etc/big.bin"',
      'Content-Disposition: attachment; filename="../../etc/big.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      big,
      '--b1--',
      '',
    ].join('\r\n');
    const res = await sendEml(raw);
    expect(res.statusCode, res.body).toBe(202);
    const item = await itemOf(ConnectorResponseSchema.parse(res.json()).results[0]!.eventId);
    const atts = item.data['attachments'] as { filename: string; size: number; sha256: string; stored: boolean }[];
    expect(atts.map((a) => [a.filename, a.size, a.stored])).toEqual([
      ['small.txt', 10, true],
      ['../../etc/big.bin', 5000, false],
    ]);
    // Stored by content hash, never by the sender's file name.
    expect(readFileSync(join(h.attachmentsDir, atts[0]!.sha256.slice(0, 2), atts[0]!.sha256), 'utf8')).toBe('small file');
    expect(existsSync(join(h.attachmentsDir, atts[1]!.sha256.slice(0, 2), atts[1]!.sha256))).toBe(false);
  });

  it('dead-letters a message without a parseable From (400)', async () => {
    const res = await sendEml('Subject: nobody\r\nMessage-ID: <nf@mail.test>\r\n\r\nhi\r\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { issues: [{ path: 'from' }] } });
    const dl = await h.t.domain.connectors.listDeadLetters(systemActor('test'), { connector: 'email', limit: 10 });
    expect(Buffer.from(dl[0]!.bodyBase64, 'base64').toString()).toContain('Subject: nobody');
  });
});

/*
 * Expected rejects among the real .eml files (400 + dead letter, reason "no parseable From"):
 * mailparser/mixed.eml, which has no headers at all besides Content-Type. Everything else
 * (bad dates, broken boundaries, odd charsets, bounces, cant_parse_from.eml — mailparser still
 * finds an address there) ingests.
 */
const EXPECTED_EML_REJECTS = ['email/eml/mailparser/mixed.eml'];

// Skipped when ../shared/data/email/eml (real .eml files, outside the repo) is absent.
describe.skipIf(!hasData('email/eml'))('real .eml files (../shared/data/email/eml)', () => {
  it('ingests every message without a 5xx; only messages without a parseable From are rejected', async () => {
    const files = listFiles('email/eml', '.eml');
    expect(files.length).toBeGreaterThanOrEqual(60);
    const rejected: string[] = [];
    let created = 0;
    for (const f of files) {
      const res = await sendEml(readFileSync(f));
      expect(res.statusCode, `${relative(DATA_DIR, f)}: ${res.body}`).toBeLessThan(500);
      if (res.statusCode === 202) created++;
      else {
        expect(res.statusCode, relative(DATA_DIR, f)).toBe(400);
        rejected.push(`${relative(DATA_DIR, f)}: ${(res.json() as { error: { message: string } }).error.message}`);
      }
    }
    expect(rejected.map((r) => r.split(':')[0]), rejected.join('\n')).toEqual(EXPECTED_EML_REJECTS);
    expect(rejected.every((r) => /no parseable From/.test(r))).toBe(true);
    expect(created).toBeGreaterThan(files.length * 0.75);
    // Re-sending them all creates nothing new.
    const before = await db().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    for (const f of files) await sendEml(readFileSync(f));
    const after = await db().selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

/** SendGrid samples: multi_mail captures start with the HTTP request head; sendgrid-python ones are the bare body. */
function sendgridSample(file: string): { body: Buffer; contentType: string } {
  const raw = readFileSync(file);
  const text = raw.toString('latin1');
  if (text.startsWith('HTTP/') || text.startsWith('POST ')) {
    const sep = text.indexOf('\r\n\r\n') !== -1 ? text.indexOf('\r\n\r\n') + 4 : text.indexOf('\n\n') + 2;
    const ct = /^content-type:\s*(.+)$/im.exec(text.slice(0, sep))![1]!.trim();
    return { body: raw.subarray(sep), contentType: ct };
  }
  const boundary = /^--(\S+)/.exec(text)![1]!;
  return { body: raw, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('sendgrid inbound parse', () => {
  const form = (fields: Record<string, string>, boundary = 'xYzZY') =>
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') + `--${boundary}--\r\n`;
  const post = (body: string | Buffer, contentType: string, url = `/api/v1/connectors/sendgrid?key=${TEST_INGEST_KEY}`, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...headers }, payload: body });

  it('takes the key as ?key= or Basic auth, never without it', async () => {
    const body = form({ from: 'Cy <cy@example.com>', subject: 'hi', text: 'hello', headers: 'Message-ID: <sg1@x>\r\n' });
    expect((await post(body, 'multipart/form-data; boundary=xYzZY', '/api/v1/connectors/sendgrid')).statusCode).toBe(401);
    expect((await post(body, 'multipart/form-data; boundary=xYzZY', '/api/v1/connectors/sendgrid?key=wrong')).statusCode).toBe(401);
    const basic = `Basic ${Buffer.from(`sendgrid:${TEST_INGEST_KEY}`).toString('base64')}`;
    const res = await post(body, 'multipart/form-data; boundary=xYzZY', '/api/v1/connectors/sendgrid', { authorization: basic });
    expect(res.statusCode, res.body).toBe(202);
    expect((await post(body, 'multipart/form-data; boundary=xYzZY')).json()).toMatchObject({ results: [{ status: 'duplicate' }] });
    // The key never lands in a dead letter's URL.
    const bad = await post(form({ nothing: 'x' }), 'multipart/form-data; boundary=xYzZY');
    expect(bad.statusCode).toBe(400);
    const [d] = await h.t.domain.connectors.listDeadLetters(systemActor('test'), { connector: 'sendgrid', limit: 1 });
    expect(d!.url).toBe('/api/v1/connectors/sendgrid');
  });

  it('decodes parsed-mode fields in the charsets SendGrid names', async () => {
    const boundary = 'cs';
    const head = (n: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n`;
    const body = Buffer.concat([
      Buffer.from(head('from') + 'Dé <de@example.com>\r\n'),
      Buffer.from(head('charsets') + '{"text":"iso-8859-1","subject":"UTF-8"}\r\n'),
      Buffer.from(head('subject') + 'Caf\u00e9\r\n'),
      Buffer.from(head('text')),
      Buffer.from([0x43, 0x61, 0x66, 0xe9]), // "Café" in latin-1
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await post(body, `multipart/form-data; boundary=${boundary}`);
    expect(res.statusCode, res.body).toBe(202);
    const item = await itemOf(ConnectorResponseSchema.parse(res.json()).results[0]!.eventId);
    expect(item.data).toMatchObject({ subject: 'Café', text: 'Café', via: 'sendgrid-parsed' });
  });

  // Skipped when ../shared/data/email/inbound-webhooks (real SendGrid samples, outside the repo) is absent.
  it.skipIf(!hasData('email/inbound-webhooks'))('ingests every real SendGrid sample (raw and parsed modes) without a 5xx', async () => {
    const files = [...listFiles('email/inbound-webhooks/sendgrid-python-sample-data', '.txt'), ...listFiles('email/inbound-webhooks/multi_mail/sendgrid', '.txt')];
    expect(files.length).toBe(6);
    for (const f of files) {
      const { body, contentType } = sendgridSample(f);
      const res = await post(body, contentType);
      expect(res.statusCode, `${relative(DATA_DIR, f)}: ${res.body}`).toBe(202);
    }
    const withAtt = sendgridSample(join(DATA_DIR, 'email/inbound-webhooks/sendgrid-python-sample-data/raw_data_with_attachments.txt'));
    const res = await post(withAtt.body, withAtt.contentType);
    const item = await itemOf(ConnectorResponseSchema.parse(res.json()).results[0]!.eventId);
    expect((item.data['attachments'] as unknown[]).length).toBeGreaterThan(0);
  });
});
