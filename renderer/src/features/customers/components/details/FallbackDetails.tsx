import type { ReactNode } from 'react';
import { formatDateTime, formatDuration, formatMoney, formatPhone } from '../../../../lib/format.js';
import { KeyValues } from './KeyValues.js';

/*
 * Any channel or shape without a dedicated renderer (notes, web sessions, social posts): each field as a
 * labelled line in words. Keys become labels (`pageViews` -> "Page views"), lists of pages become a list,
 * nested objects become their own label/value lines; never raw keys or JSON.
 */

const LABELS: Record<string, string> = {
  body: 'Note',
  text: 'Note',
  author: 'Written by',
  url: 'Page',
  urls: 'Pages',
  pages: 'Pages',
  referrer: 'Came from',
  utmSource: 'Campaign source',
  utmCampaign: 'Campaign',
  utmMedium: 'Campaign medium',
  durationSec: 'Duration',
  pageViews: 'Pages viewed',
  device: 'Device',
  userAgent: 'Browser',
  sessionId: 'Session',
};

/** `pageViews` / `utm_source` -> `Page views` / `Utm source` (unless named in LABELS). */
export function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** One value in words: dates, durations, money, phones, yes/no, lists and small objects. */
export function valueOf(key: string, v: unknown, depth = 0): ReactNode {
  if (v === null || v === undefined || v === '') return undefined;
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') {
    if (/Sec$|seconds$/i.test(key)) return formatDuration(v);
    if (/total|amount|price/i.test(key)) return formatMoney(v, 'USD');
    return v.toLocaleString();
  }
  if (typeof v === 'string') {
    if (ISO_DATE.test(v)) return formatDateTime(v);
    if (/phone/i.test(key)) return formatPhone(v);
    return v;
  }
  if (Array.isArray(v)) {
    const items = v.map((x, i) => [i, valueOf(key, x, depth + 1)] as const).filter(([, x]) => x !== undefined);
    if (items.length === 0) return undefined;
    return (
      <ul className="kv-list">
        {items.map(([i, x]) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    );
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A money-shaped object reads as money.
    if (typeof o['amount'] === 'number' && typeof o['currency'] === 'string') return formatMoney(o['amount'], o['currency']);
    if (depth > 2) return undefined;
    const rows = Object.entries(o).map(([k, x]): [string, ReactNode] => [labelOf(k), valueOf(k, x, depth + 1)]);
    return <KeyValues rows={rows} />;
  }
  return undefined;
}

export function FallbackDetails({ data }: { data: Record<string, unknown> }) {
  const rows = Object.entries(data).map(([k, v]): [string, ReactNode] => [labelOf(k), valueOf(k, v)]);
  return rows.some(([, v]) => v !== undefined) ? <KeyValues rows={rows} /> : <p className="muted">No details.</p>;
}
