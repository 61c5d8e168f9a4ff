/*
 * `npx tsx bench/connectors-bench.ts [--orders N] [--emails N] [--out docs/benchmarks.md]` — connector throughput.
 * Real hub app (Fastify inject, SQLite in a temp dir): signed Shopify orders/create webhooks and raw MIME
 * emails, one delivery per request as senders do, sequentially. Reports deliveries (= events) per second.
 * Standalone (bench/run.ts rewrites docs/benchmarks.md on a full run): with --out it replaces its own marked section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/http/app.js';
import { shopifySignature } from '../server/connectors/shopify/verify.js';
import { TEST_INGEST_KEY, tempDataDir, testDomain } from '../server/http/test-support.js';
import { machineInfo } from './machine.js';

const START = '<!-- connectors-bench:start -->';
const END = '<!-- connectors-bench:end -->';
const SECRET = 'bench-shopify-secret';

export interface ConnectorBench {
  shopifyOrders: { n: number; seconds: number; perSecond: number };
  emails: { n: number; seconds: number; perSecond: number };
}

function order(i: number): string {
  return JSON.stringify({
    id: 1_000_000 + i,
    admin_graphql_api_id: `gid://shopify/Order/${1_000_000 + i}`,
    name: `#${10_000 + i}`,
    email: `buyer${i % 5000}@example.com`,
    created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
    currency: 'USD',
    total_price: '42.50',
    subtotal_price: '40.00',
    total_tax: '2.50',
    financial_status: 'paid',
    line_items: [
      { sku: `SKU-${i % 97}`, title: 'Mug', quantity: 2, price: '10.00' },
      { sku: `SKU-${i % 89}`, title: 'Tea', quantity: 1, price: '20.00' },
    ],
    customer: { id: 5_000_000 + (i % 5000), email: `buyer${i % 5000}@example.com`, first_name: 'Bench', last_name: `Buyer ${i % 5000}` },
  });
}

function email(i: number): string {
  const thread = Math.floor(i / 3);
  return [
    `From: Bench Sender ${i % 5000} <sender${i % 5000}@example.com>`,
    'To: support@shop.test',
    `Subject: =?UTF-8?B?${Buffer.from(`Question ${thread} – café`).toString('base64')}?=`,
    `Message-ID: <bench-${i}@mail.test>`,
    ...(i % 3 ? [`In-Reply-To: <bench-${thread * 3}@mail.test>`, `References: <bench-${thread * 3}@mail.test>`] : []),
    `Date: ${new Date(Date.UTC(2025, 0, 1) + i * 60_000).toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Hello, where is my order #${10_000 + i}?\n\nOn Mon, Support wrote:\n> Thanks for writing.`,
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>Hello, where is my order <b>#${10_000 + i}</b>?</p><blockquote>Thanks for writing.</blockquote>`,
    '--b--',
    '',
  ].join('\r\n');
}

export async function benchConnectors(opts: { orders: number; emails: number }): Promise<ConnectorBench> {
  const t = await testDomain();
  const att = tempDataDir('bench-att');
  const app = buildApp({
    domain: t.domain,
    config: { logLevel: 'silent', bodyLimit: 5 * 1024 * 1024, rendererDir: undefined, corsOrigins: [] },
    connectors: { shopifySecret: SECRET, attachmentsDir: att.dir, maxAttachmentBytes: 1 << 20, defaultRegion: 'US' },
  });
  await app.ready();
  try {
    const time = async (n: number, send: (i: number) => Promise<{ statusCode: number; body: string }>) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const res = await send(i);
        if (res.statusCode !== 202) throw new Error(`delivery ${i} failed: ${res.statusCode} ${res.body}`);
      }
      const seconds = (performance.now() - t0) / 1000;
      return { n, seconds, perSecond: seconds > 0 ? Math.round(n / seconds) : n };
    };
    const shopifyOrders = await time(opts.orders, (i) => {
      const body = order(i);
      return app.inject({
        method: 'POST',
        url: '/api/v1/connectors/shopify',
        headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-event-id': `bench-${i}`, 'x-shopify-hmac-sha256': shopifySignature(SECRET, Buffer.from(body)) },
        payload: body,
      });
    });
    const emails = await time(opts.emails, (i) =>
      app.inject({ method: 'POST', url: '/api/v1/connectors/email', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${TEST_INGEST_KEY}` }, payload: email(i) }),
    );
    return { shopifyOrders, emails };
  } finally {
    await app.close();
    await t.close();
    att.remove();
  }
}

export function renderConnectorBench(r: ConnectorBench): string {
  const m = machineInfo() as unknown as Record<string, unknown>;
  return [
    START,
    '## Connector throughput',
    '',
    'One webhook per request through the real HTTP edge (Fastify inject: parse, verify, map, ingest in one transaction, SQLite), sequential like a single sender.',
    '',
    '| connector | deliveries | seconds | events/s |',
    '|---|---:|---:|---:|',
    `| Shopify orders/create (HMAC verified) | ${r.shopifyOrders.n} | ${r.shopifyOrders.seconds.toFixed(2)} | ${r.shopifyOrders.perSecond} |`,
    `| MIME email (mailparser, threaded) | ${r.emails.n} | ${r.emails.seconds.toFixed(2)} | ${r.emails.perSecond} |`,
    '',
    `Machine: ${JSON.stringify(m)}`,
    END,
  ].join('\n');
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await benchConnectors({ orders: Number(arg('orders', '2000')), emails: Number(arg('emails', '2000')) });
  const section = renderConnectorBench(r);
  console.log(section);
  const out = arg('out', '');
  if (out) {
    const prev = existsSync(out) ? readFileSync(out, 'utf8') : '';
    const s = prev.indexOf(START);
    const e = prev.indexOf(END);
    writeFileSync(out, s >= 0 && e > s ? prev.slice(0, s) + section + prev.slice(e + END.length) : `${prev.trimEnd()}\n\n${section}\n`);
  }
}
