import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImport } from '../server/connectors/import/formats.js';
import { runImport } from '../server/connectors/import/run-import.js';
import { DATA_DIR, hasData } from '../server/connectors/test/fixtures.js';
import { createDomain } from '../server/create-domain.js';
import { tempDataDir } from '../server/http/test-support.js';
import { parseImportArgs, runImportCli } from './import.js';
import { systemActor, type Actor } from '../shared/actor.js';

let tmp: { dir: string; remove(): void };
beforeEach(() => {
  tmp = tempDataDir('import');
});
afterEach(() => tmp.remove());

const quiet = () => {};

describe('import arguments', () => {
  it('needs a file and a known format; names bad flags', () => {
    expect(() => parseImportArgs([])).toThrow(/usage/);
    expect(() => parseImportArgs(['f.csv', '--format', 'xml'])).toThrow(/--format must be one of/);
    expect(() => parseImportArgs(['f.csv', '--format', 'jsonl', '--speed', '9'])).toThrow(/unknown flag --speed/);
    const a = parseImportArgs(['f.jsonl', '--format=jsonl', '--data-dir', tmp.dir, '--batch', '10', '--quiet'], {});
    expect(a).toMatchObject({ format: 'jsonl', dataDir: tmp.dir, batch: 10, quiet: true, restart: false, region: 'US' });
    expect(a.checkpoint.startsWith(join(tmp.dir, 'import-checkpoints'))).toBe(true);
  });
});

describe('import formats', () => {
  it('jsonl: valid events ingest, bad lines are rejected with their line number and reason; re-run is all duplicates', async () => {
    const file = join(tmp.dir, 'events.jsonl');
    const ev = (i: number) => JSON.stringify({ source: 'crm', sourceEventId: `n${i}`, channel: 'note', type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: `p${i % 3}@example.com` }, summary: `note ${i}` });
    writeFileSync(file, [ev(1), ev(2), '{not json', JSON.stringify({ source: 'crm' }), ev(3), JSON.stringify({ source: 'crm', sourceEventId: 'bad-phone', channel: 'note', type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { phone: 'call me' } })].join('\n'));
    const args = parseImportArgs([file, '--format', 'jsonl', '--data-dir', tmp.dir, '--quiet', '--batch', '2'], {});
    const first = await runImportCli(args, quiet);
    expect(first).toMatchObject({ total: 6, created: 3, duplicate: 0, rejected: 3 });
    expect(first.reasons.flatMap((r) => r.examples).sort()).toEqual(['line 3', 'line 4', 'line 6']);
    expect(first.reasons.find((r) => r.examples.includes('line 6'))!.reason).toMatch(/customer\.phone/);
    const again = await runImportCli({ ...args, restart: true }, quiet);
    expect(again).toMatchObject({ created: 0, duplicate: 3, rejected: 3 });
  });

  it('pos-csv: rows of one receipt become one store item; PANs are rejected', async () => {
    const file = join(tmp.dir, 'pos.csv');
    writeFileSync(
      file,
      [
        'storeId,receiptNumber,type,occurredAt,loyaltyId,title,sku,quantity,unitPrice,total,currency,cardLast4',
        'S1,R1,sale,2024-05-01T10:00:00Z,LC-1,Pen,P1,2,1.5,4.5,USD,4242',
        'S1,R1,sale,2024-05-01T10:00:00Z,LC-1,Pad,P2,1,1.5,4.5,USD,4242',
        'S1,R2,sale,2024-05-01T11:00:00Z,LC-1,Pen,P1,1,1.5,1.5,USD,4111111111111111',
      ].join('\n'),
    );
    const { units } = loadImport(file, 'pos-csv', 'US');
    expect(units).toHaveLength(2);
    expect(units[0]!.event!.data!['lines']).toHaveLength(2);
    expect(units[1]!.reject).toMatch(/full card number|last 4/);
  });

  it('shopify-orders: an order list becomes order items keyed like the webhook (order:<id>)', () => {
    const file = join(tmp.dir, 'orders.json');
    writeFileSync(file, JSON.stringify({ orders: [{ id: 5, name: '#5', email: 'o@example.com', created_at: '2024-05-01T10:00:00Z', total_price: '3.00', currency: 'EUR', line_items: [] }, { id: 6, name: '#6' }] }));
    const { units, merge } = loadImport(file, 'shopify-orders', 'US');
    expect(units[0]!.event).toMatchObject({ source: 'shopify', sourceEventId: 'order:5', channel: 'purchase', data: { orderNumber: '#5', total: 3, currency: 'EUR' } });
    expect(units[1]!.reject).toMatch(/no usable customer/);
    expect(merge).toBeTypeOf('function');
  });

  it('resumes from its checkpoint after an interruption without writing anything twice', async () => {
    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US' });
    try {
      const units = Array.from({ length: 10 }, (_, i) => ({
        ref: `line ${i + 1}`,
        event: { source: 'x', sourceEventId: `e${i}`, channel: 'note' as const, type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: `r${i}@example.com` } },
      }));
      const checkpointPath = join(tmp.dir, 'cp.json');
      const checkpointKey = { file: 'f', format: 'jsonl', fingerprint: 'v1' };
      let calls = 0;
      const flaky = { ingest: (actor: Actor, e: Parameters<typeof domain.ingest.ingest>[1]) => (++calls === 3 ? Promise.reject(new Error('disk full')) : domain.ingest.ingest(actor, e)) };
      await expect(runImport({ units, ingest: flaky, batchSize: 3, checkpointPath, checkpointKey })).rejects.toThrow('disk full');
      expect(existsSync(checkpointPath)).toBe(true);
      const resumed = await runImport({ units, ingest: domain.ingest, batchSize: 3, checkpointPath, checkpointKey });
      expect(resumed).toMatchObject({ resumedFrom: 6, created: 4, duplicate: 0 });
      // A changed file (new fingerprint) starts over, and finds everything already there.
      const fresh = await runImport({ units, ingest: domain.ingest, batchSize: 3, checkpointPath, checkpointKey: { ...checkpointKey, fingerprint: 'v2' } });
      expect(fresh).toMatchObject({ resumedFrom: 0, created: 0, duplicate: 10 });
    } finally {
      await domain.close();
    }
  });
});

describe('online-retail-csv dates', () => {
  const header = '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"';
  it('reads the data set’s own M/D/YYYY H:MM (12/9/2011 12:50 is 9 December) and names a bad date', () => {
    const file = join(tmp.dir, 'retail.csv');
    writeFileSync(
      file,
      [header, '"581587","22613","PACK OF 20 SPACEBOY NAPKINS",12,"12/9/2011 12:50",0.85,12680,"France"', '"536365","85123A","WHITE HANGING HEART",6,"12/1/2010 8:26",2.55,17850,"United Kingdom"', '"536366","22633","HAND WARMER",6,"31/31/2010 8:28",1.85,17850,"United Kingdom"'].join('\n'),
    );
    const { units } = loadImport(file, 'online-retail-csv', 'US');
    expect(units.map((u) => u.event?.occurredAt ?? u.reject)).toEqual(['2011-12-09T12:50:00.000Z', '2010-12-01T08:26:00.000Z', expect.stringMatching(/InvoiceDate "31\/31\/2010 8:28" is not a date/)]);
  });

  // Skipped when ../shared/data/retail (the UCI Online Retail sample, outside the repo) is absent.
  it.skipIf(!hasData('retail'))('the real sample re-exported with M/D/YYYY H:MM dates gives the same instants as its ISO dates', () => {
    const source = readFileSync(join(DATA_DIR, 'retail/uci_online_retail_sample_20k.csv'), 'utf8');
    // The UCI xlsx saved as CSV by Excel writes "2011-06-16 14:45:00" as "6/16/2011 14:45".
    const excel = source.replace(/"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):00"/g, (_m, y: string, mo: string, d: string, h: string, mi: string) => `"${Number(mo)}/${Number(d)}/${y} ${Number(h)}:${mi}"`);
    expect(excel).not.toBe(source);
    writeFileSync(join(tmp.dir, 'iso.csv'), source);
    writeFileSync(join(tmp.dir, 'excel.csv'), excel);
    const iso = loadImport(join(tmp.dir, 'iso.csv'), 'online-retail-csv', 'US').units;
    const us = loadImport(join(tmp.dir, 'excel.csv'), 'online-retail-csv', 'US').units;
    expect(us.filter((u) => /InvoiceDate/.test(u.reject ?? ''))).toEqual([]);
    expect(us.map((u) => u.event?.occurredAt ?? null)).toEqual(iso.map((u) => u.event?.occurredAt ?? null));
    expect(iso.filter((u) => u.event).length).toBeGreaterThan(1000);
  });
});

describe('import progress when output is not a terminal', () => {
  it('prints progress lines (start, while running, 100% at the end) instead of a bar', async () => {
    const file = join(tmp.dir, 'events.jsonl');
    writeFileSync(file, Array.from({ length: 6 }, (_, i) => JSON.stringify({ source: 'crm', sourceEventId: `p${i}`, channel: 'note', type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: `p${i}@example.com` } })).join('\n'));
    const lines: string[] = [];
    const args = parseImportArgs([file, '--format', 'jsonl', '--data-dir', tmp.dir, '--batch', '1'], {});
    await runImportCli(args, (l) => lines.push(l), { tty: false, progressEveryMs: 1 });
    expect(lines[0]).toBe(`import: reading ${file} (jsonl)`);
    expect(lines[1]).toMatch(/^import: 6 units; a progress line at least every/);
    const progress = lines.filter((l) => /^import: \d+\/6 \(/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatch(/^import: 6\/6 \(100%\).*created 6, duplicate 0, rejected 0$/);
    expect(lines).toContain('created=6 duplicate=0 updated=0 rejected=0 total=6');
  });
});

// Skipped when ../shared/data/retail (the UCI Online Retail sample, outside the repo) is absent.
describe.skipIf(!hasData('retail'))('UCI Online Retail sample (../shared/data/retail)', () => {
  it('groups rows per invoice into purchases on externalIds.uci, rejects guest rows, and is idempotent', async () => {
    const file = join(DATA_DIR, 'retail/uci_online_retail_sample_20k.csv');
    const args = parseImportArgs([file, '--format', 'online-retail-csv', '--data-dir', tmp.dir, '--quiet'], {});
    const first = await runImportCli(args, quiet);
    expect(first.created).toBeGreaterThan(5000);
    expect(first.created + first.rejected).toBe(first.total);
    expect(first.reasons.map((r) => r.reason)).toEqual(['CustomerID is NA (guest checkout): no customer to attach it to']);
    // Finished: the checkpoint says so, a plain re-run has nothing left to do.
    expect((await runImportCli(args, quiet)).resumedFrom).toBe(first.total);
    const again = await runImportCli({ ...args, restart: true }, quiet);
    expect(again).toMatchObject({ created: 0, duplicate: first.created, rejected: first.rejected });

    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US' });
    try {
      // Invoice 557055 belongs to customer 12621 (Germany); searchable by invoice number and by the external id.
      const [c] = await domain.customers.search(systemActor('test'), '557055', 5);
      expect(c!.externalIds).toContainEqual({ system: 'uci', id: '12621' });
      const profile = await domain.customers.profile(systemActor('test'), c!.id);
      expect(profile!.stats.lifetimeSpend[0]!.currency).toBe('GBP');
    } finally {
      await domain.close();
    }
  }, 120_000); // three full imports of 20k rows with durable commits: well past 20 s on a loaded 2-core machine
});

// Skipped when ../shared/data/support-conversations (the Twitter and ABCD support samples, outside the repo) is absent.
describe.skipIf(!hasData('support-conversations'))('support conversations (../shared/data/support-conversations)', () => {
  it('imports TWCS threads as social items and ABCD transcripts as chat items', async () => {
    const tw = await runImportCli(parseImportArgs([join(DATA_DIR, 'support-conversations/twcs/twcs_kaggle_sample.csv'), '--format', 'twcs-csv', '--data-dir', tmp.dir, '--quiet'], {}), quiet);
    expect(tw.created).toBeGreaterThan(5);
    expect(tw.created + tw.rejected).toBe(tw.total);
    const ab = await runImportCli(parseImportArgs([join(DATA_DIR, 'support-conversations/abcd/abcd_sample.json'), '--format', 'abcd-json', '--data-dir', tmp.dir, '--quiet'], {}), quiet);
    expect(ab).toMatchObject({ total: 3, created: 3, rejected: 0 });
    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US' });
    try {
      const [c] = await domain.customers.search(systemActor('test'), 'cminh730@email.com', 5);
      const page = await domain.customers.timeline(systemActor('test'), c!.id, { limit: 5, channel: undefined });
      expect(page!.items[0]).toMatchObject({ channel: 'chat', source: 'abcd' });
      expect((page!.items[0]!.data['messages'] as unknown[]).length).toBeGreaterThan(5);
      // A thread is one item whose messages alternate customer and brand.
      const [t] = await domain.customers.search(systemActor('test'), '105836', 5);
      const thread = (await domain.customers.timeline(systemActor('test'), t!.id, { limit: 5, channel: undefined }))!.items[0]!;
      expect(thread).toMatchObject({ channel: 'social', type: 'social.thread' });
      expect((thread.data['messages'] as { role: string }[]).map((m) => m.role)).toContain('agent');
    } finally {
      await domain.close();
    }
  });
});
