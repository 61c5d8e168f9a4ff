import { readFileSync } from 'node:fs';
import { loadImport } from '../../connectors/import/formats.js';
import { purchasesFromEvents, type MoneyEventRow } from '../purchases.js';
import { DAY_MS, type Purchase } from '../summary.js';

/*
 * Transaction files for `npm run eval:clv`: the CDNOW sample, the hub's own JSON-lines events and the
 * UCI Online Retail CSV. JSON lines and the CSV go through the importer's parsers and the hub's
 * net-purchase rule (cancelled invoices are refunds), so the eval sees purchases exactly as the hub would.
 */

export const EVAL_FORMATS = ['cdnow', 'jsonl', 'online-retail-csv'] as const;
export type EvalFormat = (typeof EVAL_FORMATS)[number];

export interface Transactions {
  byCustomer: Map<string, Purchase[]>;
  currency: string;
  /** Lines the parser rejected (with reasons), for the report. */
  rejected: number;
  firstMs: number;
  lastMs: number;
}

/** CDNOW_sample.txt: `master id, sample id, YYYYMMDD, CDs, dollars`, space separated; keyed by the sample id (the published summary's ID). */
export function parseCdnow(text: string): Map<string, Purchase[]> {
  const out = new Map<string, Purchase[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const cols = line.trim().split(/\s+/);
    if (cols.length === 1 && cols[0] === '') return;
    const [, id, date, , dollars] = cols;
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '');
    const amount = Number(dollars);
    if (!id || !m || !Number.isFinite(amount)) throw new Error(`line ${i + 1}: expected "customer id, id, YYYYMMDD, count, amount", got "${line.trim().slice(0, 80)}"`);
    const list = out.get(id) ?? [];
    list.push({ atMs: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])), amount });
    out.set(id, list);
  });
  return out;
}

function fromEvents(file: string, format: 'jsonl' | 'online-retail-csv'): { byCustomer: Map<string, Purchase[]>; currency: string; rejected: number } {
  const { units } = loadImport(file, format, 'US');
  const events = new Map<string, MoneyEventRow[]>();
  let rejected = 0;
  units.forEach((u, i) => {
    if (!u.event) {
      rejected++;
      return;
    }
    const e = u.event;
    if (e.channel !== 'purchase' && e.channel !== 'store') return;
    // No identity resolution here: the customer's identifiers as given are the key.
    const key = JSON.stringify(e.customer);
    const list = events.get(key) ?? [];
    list.push({ id: `line-${i}`, source: e.source, channel: e.channel, type: e.type, occurredUs: Date.parse(e.occurredAt) * 1000, data: e.data ?? {} });
    events.set(key, list);
  });
  const currencies = new Map<string, number>();
  for (const list of events.values()) purchasesFromEvents(list, '', currencies);
  const currency = [...currencies.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'USD';
  const byCustomer = new Map<string, Purchase[]>();
  for (const [key, list] of events) {
    const purchases = purchasesFromEvents(list, currency);
    if (purchases.length) byCustomer.set(key, purchases.map(({ atMs, amount }) => ({ atMs, amount })));
  }
  return { byCustomer, currency, rejected };
}

export function loadTransactions(file: string, format: EvalFormat): Transactions {
  const loaded = format === 'cdnow' ? { byCustomer: parseCdnow(readFileSync(file, 'utf8')), currency: 'USD', rejected: 0 } : fromEvents(file, format);
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const list of loaded.byCustomer.values()) {
    for (const p of list) {
      firstMs = Math.min(firstMs, p.atMs);
      lastMs = Math.max(lastMs, p.atMs);
    }
  }
  return { ...loaded, firstMs: Math.floor(firstMs / DAY_MS) * DAY_MS, lastMs: Math.floor(lastMs / DAY_MS) * DAY_MS };
}
