import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { EVENT_TYPE, IngestEventSchema, moneyWords, zodIssuesToApi, type IngestEvent } from '../../../shared/index.js';
import type { MergeItem } from '../../domain.js';
import { DomainError } from '../../errors.js';
import { arr, cleanRef, obj, round2, str, type Json } from '../common.js';
import { assertNoPan, posEvent, PosPayloadSchema } from '../pos/pos-connector.js';
import { mergeShopify, orderEvent } from '../shopify/map.js';
import { retailDateReader } from './retail-date.js';

/*
 * Bulk import readers: a file -> units, each one event (or a reason it cannot be one). Every
 * unit has a stable sourceEventId derived from the file's own ids, so re-running an import (or
 * resuming it) finds duplicates instead of writing twice.
 */

export const IMPORT_FORMATS = ['jsonl', 'shopify-orders', 'pos-csv', 'online-retail-csv', 'twcs-csv', 'abcd-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportUnit {
  /** Where it came from, for reject reasons: `line 12`, `invoice 536365`. */
  ref: string;
  event?: IngestEvent;
  reject?: string;
}

export interface LoadedImport {
  units: ImportUnit[];
  /** Upsert merge for formats whose items webhooks later update (Shopify orders). */
  merge?: MergeItem;
}

export function loadImport(file: string, format: ImportFormat, region: string): LoadedImport {
  const text = readFileSync(file, 'utf8');
  switch (format) {
    case 'jsonl':
      return { units: jsonl(text) };
    case 'shopify-orders':
      return { units: shopifyOrders(text, region), merge: mergeShopify };
    case 'pos-csv':
      return { units: posCsv(text, region) };
    case 'online-retail-csv':
      return { units: onlineRetail(text) };
    case 'twcs-csv':
      return { units: twcs(text) };
    case 'abcd-json':
      return { units: abcd(text, region) };
  }
}

function reasonOf(err: unknown): string {
  if (err instanceof DomainError) {
    const issues = err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return issues || err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

function jsonl(text: string): ImportUnit[] {
  const out: ImportUnit[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const ref = `line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      out.push({ ref, reject: 'not valid JSON' });
      return;
    }
    const r = IngestEventSchema.safeParse(value);
    if (r.success) out.push({ ref, event: r.data });
    else out.push({ ref, reject: zodIssuesToApi(r.error.issues).map((x) => `${x.path}: ${x.message}`).join('; ') });
  });
  return out;
}

/** A JSON array of orders, `{orders:[...]}`, or one order per line (JSONL). */
function shopifyOrders(text: string, region: string): ImportUnit[] {
  let orders: unknown[];
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{"orders"') || /^\{\s*"orders"/.test(trimmed)) {
    const v: unknown = JSON.parse(trimmed);
    orders = Array.isArray(v) ? v : arr(obj(v)?.['orders']);
  } else {
    orders = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
  }
  return orders.map((o, i) => {
    const order = obj(o);
    const ref = `order ${str(order?.['name']) ?? i + 1}`;
    if (!order) return { ref, reject: 'not a JSON object' };
    const event = orderEvent(order, { topic: 'orders/import', key: `import:${str(order['id']) ?? i}:${str(order['updated_at']) ?? ''}`, receivedAt: new Date().toISOString() }, region);
    return event ? { ref, event } : { ref, reject: 'no usable customer identifier (customer id, email or phone)' };
  });
}

/**
 * POS CSV, one row per line item; rows sharing storeId + receiptNumber form one receipt. Columns:
 * storeId, storeName, associate, receiptNumber, type, occurredAt, loyaltyId, email, phone, name,
 * sku, title, quantity, unitPrice, subtotal, tax, total, currency, paymentMethod, cardBrand, cardLast4.
 */
function posCsv(text: string, region: string): ImportUnit[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const groups = new Map<string, { first: number; rows: Record<string, string>[] }>();
  rows.forEach((r, i) => {
    const key = `${r['storeId'] ?? ''}\u0000${r['receiptNumber'] ?? ''}`;
    const g = groups.get(key) ?? { first: i + 2, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  });
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return [...groups.values()].map(({ first, rows: rs }) => {
    const r = rs[0]!;
    const ref = `receipt ${r['receiptNumber'] || '?'} (line ${first})`;
    const payload: Json = {
      storeId: r['storeId'],
      ...(r['storeName'] ? { storeName: r['storeName'] } : {}),
      ...(r['associate'] ? { associate: r['associate'] } : {}),
      receiptNumber: r['receiptNumber'],
      ...(r['type'] ? { type: r['type'] } : {}),
      occurredAt: r['occurredAt'],
      customer: Object.fromEntries(['loyaltyId', 'email', 'phone', 'name'].filter((k) => r[k]).map((k) => [k, r[k]])),
      lines: rs.filter((x) => x['title']).map((x) => ({ ...(x['sku'] ? { sku: x['sku'] } : {}), title: x['title'], quantity: num(x['quantity']) ?? 1, unitPrice: num(x['unitPrice']) ?? 0 })),
      ...(num(r['subtotal']) !== undefined ? { subtotal: num(r['subtotal']) } : {}),
      ...(num(r['tax']) !== undefined ? { tax: num(r['tax']) } : {}),
      total: num(r['total']),
      currency: r['currency'],
      ...(r['paymentMethod'] || r['cardLast4'] || r['cardBrand']
        ? { payment: Object.fromEntries([['method', r['paymentMethod']], ['cardBrand', r['cardBrand']], ['cardLast4', r['cardLast4']]].filter(([, v]) => v)) }
        : {}),
    };
    try {
      assertNoPan(rs);
      const p = PosPayloadSchema.safeParse(payload);
      if (!p.success) return { ref, reject: zodIssuesToApi(p.error.issues).map((x) => `${x.path}: ${x.message}`).join('; ') };
      return { ref, event: posEvent(p.data, region) };
    } catch (err) {
      return { ref, reject: reasonOf(err) };
    }
  });
}

/**
 * UCI Online Retail: one row per line; rows of one InvoiceNo form one purchase (C-prefixed
 * invoices are cancellations -> refunds). CustomerID -> externalIds.uci; guest rows (NA) are
 * rejected. InvoiceDate in any of the data set's date formats (retail-date.ts), no zone: the
 * retailer is in the UK, read as UTC. Prices are GBP.
 */
function onlineRetail(text: string): ImportUnit[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const groups = new Map<string, { first: number; rows: Record<string, string>[] }>();
  rows.forEach((r, i) => {
    const key = r['InvoiceNo'] ?? '';
    const g = groups.get(key) ?? { first: i + 2, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  });
  const readDate = retailDateReader(rows.map((r) => r['InvoiceDate'] ?? ''));
  const out: ImportUnit[] = [];
  for (const [invoice, { first, rows: rs }] of groups) {
    const ref = `invoice ${invoice || '?'} (line ${first})`;
    const customerId = rs.map((r) => r['CustomerID']).find((c) => c && c !== 'NA');
    if (!invoice) {
      out.push({ ref, reject: 'InvoiceNo is empty' });
      continue;
    }
    if (!customerId) {
      out.push({ ref, reject: 'CustomerID is NA (guest checkout): no customer to attach it to' });
      continue;
    }
    const date = rs[0]!['InvoiceDate'] ?? '';
    const ms = readDate(date);
    if (ms === null) {
      out.push({ ref, reject: `InvoiceDate "${date}" is not a date and time (expected e.g. 12/9/2011 12:50 or 2011-12-09 12:50:00)` });
      continue;
    }
    const cancelled = invoice.toUpperCase().startsWith('C');
    const lines = rs.map((r) => ({ sku: r['StockCode'] || undefined, title: r['Description'] || r['StockCode'] || 'item', quantity: Math.abs(Number(r['Quantity']) || 0), unitPrice: Number(r['UnitPrice']) || 0 }));
    const total = round2(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
    const id = customerId.replace(/\.0+$/, '');
    out.push({
      ref,
      event: {
        source: 'uci-online-retail',
        sourceEventId: `invoice:${invoice}`,
        channel: 'purchase',
        type: cancelled ? EVENT_TYPE.refund : EVENT_TYPE.order,
        occurredAt: new Date(ms).toISOString(),
        customer: { externalIds: { uci: id } },
        summary: `${cancelled ? 'Cancelled invoice' : 'Invoice'} ${invoice} · ${lines.length} line${lines.length === 1 ? '' : 's'} · ${moneyWords(total, 'GBP')}`,
        data: {
          orderNumber: invoice,
          currency: 'GBP',
          total,
          lines: lines.map((l) => (l.sku ? l : { title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
          status: cancelled ? 'cancelled' : 'completed',
          ...(rs[0]!['Country'] ? { country: rs[0]!['Country'] } : {}),
        },
      },
    });
  }
  return out;
}

/**
 * Customer Support on Twitter: tweets chained by in_response_to_tweet_id become one `social`
 * thread item (ChatData messages) on the customer who tweeted (externalIds.twitter = author_id).
 */
function twcs(text: string): ImportUnit[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, relax_quotes: true }) as Record<string, string>[];
  const byId = new Map(rows.map((r) => [r['tweet_id'] ?? '', r]));
  const rootOf = (r: Record<string, string>): string => {
    let cur = r;
    for (let hops = 0; hops < 1000; hops++) {
      const parent = byId.get(cur['in_response_to_tweet_id'] ?? '');
      if (!parent) break;
      cur = parent;
    }
    return cur['tweet_id'] ?? '';
  };
  const threads = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const root = rootOf(r);
    threads.set(root, [...(threads.get(root) ?? []), r]);
  }
  const out: ImportUnit[] = [];
  for (const [root, tweets] of threads) {
    const ref = `thread ${root}`;
    const at = (r: Record<string, string>) => {
      const ms = Date.parse(r['created_at'] ?? '');
      return Number.isNaN(ms) ? null : new Date(ms).toISOString();
    };
    const messages = tweets
      .map((r) => ({ r, at: at(r) }))
      .filter((m): m is { r: Record<string, string>; at: string } => m.at !== null)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map(({ r, at: when }) => ({ author: r['inbound'] === 'True' ? `@${r['author_id']}` : (r['author_id'] ?? 'brand'), role: r['inbound'] === 'True' ? ('customer' as const) : ('agent' as const), text: r['text'] ?? '', at: when }));
    const customer = tweets.find((r) => r['inbound'] === 'True' && r['author_id']);
    if (!customer) {
      out.push({ ref, reject: 'no customer tweet in the thread (brand-only)' });
      continue;
    }
    if (messages.length === 0) {
      out.push({ ref, reject: 'no tweet with a readable created_at' });
      continue;
    }
    const brand = tweets.find((r) => r['inbound'] !== 'True')?.['author_id'];
    const first = messages.find((m) => m.role === 'customer') ?? messages[0]!;
    out.push({
      ref,
      event: {
        source: 'twcs',
        sourceEventId: `thread:${root}`,
        channel: 'social',
        type: EVENT_TYPE.socialThread,
        occurredAt: messages[0]!.at,
        customer: { externalIds: { twitter: customer['author_id']! } },
        summary: first.text.slice(0, 300),
        data: { conversationId: root, via: 'twitter', ...(brand ? { brand } : {}), status: 'closed', messages },
      },
    });
  }
  return out;
}

/**
 * ABCD chat transcripts: one `chat` item per conversation on the scenario's customer (email,
 * phone, name). The dataset has no timestamps: messages are spaced 15 s apart from a start
 * derived from convo_id (stable, so re-imports dedupe).
 */
function abcd(text: string, region: string): ImportUnit[] {
  const convos = arr(JSON.parse(text) as unknown);
  return convos.map((raw, i) => {
    const c = obj(raw) ?? {};
    const id = str(c['convo_id']) ?? String(i);
    const ref = `convo ${id}`;
    const personal = obj(obj(c['scenario'])?.['personal']) ?? {};
    const start = Date.UTC(2024, 0, 1, 9) + (Number(id) || i) * 60_000;
    const messages = arr(c['original'])
      .map((t) => arr(t))
      .filter((t) => t[0] === 'agent' || t[0] === 'customer')
      .map((t, j) => ({ author: t[0] === 'agent' ? 'Agent' : (str(personal['customer_name']) ?? 'Customer'), role: t[0] as 'agent' | 'customer', text: String(t[1] ?? ''), at: new Date(start + j * 15_000).toISOString() }));
    const customer = cleanRef({ email: personal['email'], phone: personal['phone'], name: personal['customer_name'] }, region);
    if (!customer) return { ref, reject: 'scenario has no usable email or phone' };
    const order = obj(obj(c['scenario'])?.['order']);
    return {
      ref,
      event: {
        source: 'abcd',
        sourceEventId: `convo:${id}`,
        channel: 'chat',
        type: EVENT_TYPE.chatConversation,
        occurredAt: new Date(start).toISOString(),
        customer,
        summary: (messages.find((m) => m.role === 'customer')?.text ?? 'Chat').slice(0, 300),
        data: { conversationId: id, status: 'closed', messages, messageCount: messages.length, ...(str(order?.['order_id']) ? { orderNumber: str(order?.['order_id']) } : {}) },
      },
    };
  });
}
