/*
 * Connector throughput (part of `npm run bench`, `--only connectors`): a real hub in its own
 * process (hub-child.ts, SQLite, port 0, OMNI_SHOPIFY_SECRET set) receives over HTTP signed Shopify
 * orders/create webhooks and raw MIME emails (Content-Type: message/rfc822, ingest key), one
 * delivery per request as senders make them: first one at a time (a single sender), then with
 * `concurrency` requests in flight (several senders / a retry burst). Every delivery must answer
 * 202 with a created item. Payloads and signatures are prepared before the clock starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopifySignature } from '../server/connectors/shopify/verify.js';
import { spawnChild } from './child.js';
import { summarize, type Summary } from './stats.js';

const SECRET = 'bench-shopify-secret';
const INGEST_KEY = 'bench-ingest-key-0123456789';

export interface ConnectorPhase {
  /** Requests in flight at once. */
  concurrency: number;
  deliveries: number;
  seconds: number;
  /** One event per delivery, so deliveries/s = events/s. */
  eventsPerSecond: number;
  /** Per request, send -> 202 received. */
  latency: Summary;
}

export interface ConnectorBenchRow {
  connector: 'shopify-orders' | 'mime-email';
  sequential: ConnectorPhase;
  concurrent: ConnectorPhase;
}

export interface ConnectorsResult {
  rows: ConnectorBenchRow[];
  /** Hub process RSS after all deliveries. */
  serverRssMB: number;
}

export interface ConnectorBenchOptions {
  /** Deliveries per connector sent one at a time. */
  sequential: number;
  /** Deliveries per connector sent with `concurrency` in flight. */
  concurrent: number;
  concurrency: number;
  log?: (line: string) => void;
}

interface Delivery {
  path: string;
  headers: Record<string, string>;
  /** Sent as UTF-8, the bytes the signature covers. */
  body: string;
}

/** A Shopify orders/create webhook for order i (5,000 distinct buyers, so identity resolution finds repeats). */
export function shopifyOrder(i: number): Delivery {
  const body = JSON.stringify({
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
  return {
    path: '/api/v1/connectors/shopify',
    headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/create', 'x-shopify-event-id': `bench-${i}`, 'x-shopify-hmac-sha256': shopifySignature(SECRET, Buffer.from(body, 'utf8')) },
    body,
  };
}

/** A multipart MIME email; every third starts a thread the next two reply to (In-Reply-To / References). */
export function mimeEmail(i: number): Delivery {
  const thread = Math.floor(i / 3) * 3;
  const text = [
    `From: Bench Sender ${i % 5000} <sender${i % 5000}@example.com>`,
    'To: support@shop.test',
    `Subject: =?UTF-8?B?${Buffer.from(`Question ${thread} – café`).toString('base64')}?=`,
    `Message-ID: <bench-${i}@mail.test>`,
    ...(i % 3 ? [`In-Reply-To: <bench-${thread}@mail.test>`, `References: <bench-${thread}@mail.test>`] : []),
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
  return { path: '/api/v1/connectors/email', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${INGEST_KEY}` }, body: text };
}

const CONNECTORS = { 'shopify-orders': shopifyOrder, 'mime-email': mimeEmail } as const;
const WARMUP = 20;

export async function benchConnectors(opts: ConnectorBenchOptions): Promise<ConnectorsResult> {
  const log = opts.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'omni-bench-connectors-'));
  const child = await spawnChild<{ url: string }>('hub-child.ts', {
    OMNI_PORT: '0',
    OMNI_HOST: '127.0.0.1',
    OMNI_DATA_DIR: dataDir,
    OMNI_DEMO: '0',
    OMNI_LOG_LEVEL: 'silent',
    OMNI_ADMIN_EMAIL: 'bench@omni.local',
    OMNI_ADMIN_PASSWORD: 'bench-admin-password',
    OMNI_INGEST_KEY: INGEST_KEY,
    OMNI_SHOPIFY_SECRET: SECRET,
  });
  try {
    const url = child.ready.url;
    const rows: ConnectorBenchRow[] = [];
    for (const [connector, make] of Object.entries(CONNECTORS) as [ConnectorBenchRow['connector'], (i: number) => Delivery][]) {
      // Distinct ids per phase: every delivery creates an item (retries are a different path).
      const batch = (from: number, n: number) => Array.from({ length: n }, (_, k) => make(from + k));
      await send(url, batch(0, WARMUP), 4);
      const sequential = await send(url, batch(WARMUP, opts.sequential), 1);
      const concurrent = await send(url, batch(WARMUP + opts.sequential, opts.concurrent), opts.concurrency);
      rows.push({ connector, sequential, concurrent });
      log(`  ${connector}: ${Math.round(sequential.eventsPerSecond)} events/s one at a time, ${Math.round(concurrent.eventsPerSecond)} events/s with ${opts.concurrency} in flight`);
    }
    const { rssMB } = await child.request<{ rssMB: number }>('rss');
    return { rows, serverRssMB: rssMB };
  } finally {
    await child.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Sends every delivery with `concurrency` requests in flight; any answer but 202 + created fails the bench. */
async function send(url: string, deliveries: readonly Delivery[], concurrency: number): Promise<ConnectorPhase> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++]!;
      const t0 = performance.now();
      const res = await fetch(`${url}${d.path}`, { method: 'POST', headers: d.headers, body: d.body });
      const text = await res.text();
      latencies.push(performance.now() - t0);
      const created = res.status === 202 && (JSON.parse(text) as { results?: { status: string }[] }).results?.[0]?.status === 'created';
      if (!created) throw new Error(`${d.path} answered ${res.status}: ${text.slice(0, 300)}`);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, deliveries.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { concurrency, deliveries: deliveries.length, seconds, eventsPerSecond: seconds > 0 ? deliveries.length / seconds : 0, latency: summarize(latencies) };
}
