import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchHubEnv, spawnChild } from './child.js';

/*
 * What sanitizing email HTML on the hub costs in memory and time. A fresh hub process (compiled,
 * like `npm run hub`) receives newsletter-sized HTML emails, then serves the timelines that hold
 * them: the sanitizer (sanitize-html) is loaded lazily by the first of those pages. RSS is read
 * at start-up, after the ingest (sanitizer not loaded: ingest never needs it) and after serving.
 */

export interface EmailRssResult {
  emails: number;
  htmlKiB: number;
  startupRssMB: number;
  afterIngestRssMB: number;
  afterServingRssMB: number;
  /** The first timeline page with HTML (includes loading the sanitizer). */
  firstPageMs: number;
  /** Later first-visit pages (each email parsed once), and repeat visits (served from the cache). */
  coldPageMs: number;
  warmPageMs: number;
  itemsPerPage: number;
}

const ADMIN = { email: 'bench@omni.local', password: 'bench-admin-password' };
const KEY = 'bench-ingest-key-0123456789';

/** A marketing email of ~14 KiB: nested layout tables, inline styles, images, links, a tracking pixel. */
export function newsletterHtml(i: number): string {
  const product = (k: number) =>
    `<tr><td width="180" valign="top" style="padding:8px;border-bottom:1px solid #eee"><img src="https://cdn.shop.example/p/${k}.jpg" width="160" alt="Product ${k}"></td>` +
    `<td valign="top" style="padding:8px;font:14px/1.4 Arial,sans-serif;color:#333"><h3 style="margin:0 0 4px">Trail product ${k}</h3><p>Lightweight, weatherproof and ready for the next trip. Now <b>20% off</b> for members.</p>` +
    `<a href="https://shop.example/p/${k}?utm_source=mail&amp;c=${i}" style="background:#0b57d0;color:#fff;padding:6px 12px;border-radius:4px;text-decoration:none">Shop now</a></td></tr>`;
  return (
    `<html><head><style>body{margin:0}.hide{display:none}@media (max-width:600px){td{display:block}}</style></head><body>` +
    `<table width="600" align="center" cellpadding="0" cellspacing="0" style="background:#fff"><tr><td colspan="2" style="background:url(https://cdn.shop.example/hero.jpg);height:200px"><h1 style="color:#fff">Spring sale #${i}</h1></td></tr>` +
    Array.from({ length: 24 }, (_, k) => product(i * 24 + k)).join('') +
    `<tr><td colspan="2" style="font-size:11px;color:#999">You receive this because you joined our club. <a href="https://shop.example/unsubscribe?u=${i}">Unsubscribe</a></td></tr></table>` +
    `<img src="https://t.shop.example/open.gif?u=${i}" width="1" height="1" alt=""></body></html>`
  );
}

/** `asText`: the control run, the same bodies stored as plain text (nothing to sanitize). */
export async function benchEmailRss(opts: { emails: number; customers: number; compiled?: string; asText?: boolean }): Promise<EmailRssResult> {
  const dir = mkdtempSync(join(tmpdir(), 'omni-email-rss-'));
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', benchHubEnv(dir, KEY, ADMIN), opts.compiled);
  try {
    const { url } = child.ready;
    const perCustomer = Math.ceil(opts.emails / opts.customers);
    const htmlBytes: number[] = [];
    for (let c = 0; c < opts.customers; c++) {
      const events = Array.from({ length: perCustomer }, (_, k) => {
        const html = newsletterHtml(c * perCustomer + k);
        htmlBytes.push(html.length);
        return { source: 'email', sourceEventId: `rss-${c}-${k}`, channel: 'email', type: 'email.received', occurredAt: new Date(Date.UTC(2026, 0, 1, 10, k)).toISOString(), customer: { email: `reader${c}@bench.example` }, summary: 'Spring sale', data: opts.asText ? { subject: 'Spring sale', text: html } : { subject: 'Spring sale', text: 'Spring sale', html } };
      });
      const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ events }) });
      if (res.status !== 202) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
    }
    const afterIngest = await child.request<{ rssMB: number }>('rss');
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { token } = (await login.json()) as { token: string };
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      return (await res.json()) as T;
    };
    const ids: string[] = [];
    for (let c = 0; c < opts.customers; c++) ids.push((await get<{ customers: { id: string }[] }>(`/api/v1/customers?q=reader${c}%40bench.example`)).customers[0]!.id);
    const page = async (id: string) => {
      const t0 = performance.now();
      const p = await get<{ items: unknown[] }>(`/api/v1/customers/${id}/timeline?limit=200`);
      return { ms: performance.now() - t0, n: p.items.length };
    };
    const first = await page(ids[0]!);
    const cold: number[] = [];
    for (const id of ids.slice(1)) cold.push((await page(id)).ms);
    const warm: number[] = [];
    for (const id of ids) warm.push((await page(id)).ms);
    const after = await child.request<{ rssMB: number }>('rss');
    const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    return {
      emails: htmlBytes.length,
      htmlKiB: avg(htmlBytes) / 1024,
      startupRssMB: child.ready.rssMB,
      afterIngestRssMB: afterIngest.rssMB,
      afterServingRssMB: after.rssMB,
      firstPageMs: first.ms,
      coldPageMs: avg(cold),
      warmPageMs: avg(warm),
      itemsPerPage: first.n,
    };
  } finally {
    await child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
