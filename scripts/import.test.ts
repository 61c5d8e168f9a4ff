import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImport } from '../server/connectors/import/formats.js';
import { runImport } from '../server/connectors/import/run-import.js';
import { DATA_DIR, hasData } from '../server/connectors/test/fixtures.js';
import { createDomain } from '../server/create-domain.js';
import type { FanOut } from '../server/domain.js';
import { tempDataDir } from '../server/http/test-support.js';
import { parseImportArgs, runImportCli } from './import.js';

let tmp: { dir: string; remove(): void };
beforeEach(() => {
  tmp = tempDataDir('import');
});
afterEach(() => tmp.remove());

const quiet = () => {};
const noFanOut = new Proxy({}, { get: () => () => {} }) as FanOut;

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
    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US', fanOut: noFanOut });
    try {
      const units = Array.from({ length: 10 }, (_, i) => ({
        ref: `line ${i + 1}`,
        event: { source: 'x', sourceEventId: `e${i}`, channel: 'note' as const, type: 'note', occurredAt: '2024-05-01T10:00:00Z', customer: { email: `r${i}@example.com` } },
      }));
      const checkpointPath = join(tmp.dir, 'cp.json');
      const checkpointKey = { file: 'f', format: 'jsonl', fingerprint: 'v1' };
      let calls = 0;
      const flaky = { ingest: (e: Parameters<typeof domain.ingest.ingest>[0]) => (++calls === 3 ? Promise.reject(new Error('disk full')) : domain.ingest.ingest(e)) };
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

    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US', fanOut: noFanOut });
    try {
      // Invoice 557055 belongs to customer 12621 (Germany); searchable by invoice number and by the external id.
      const [c] = await domain.customers.search('557055', 5);
      expect(c!.externalIds).toContainEqual({ system: 'uci', id: '12621' });
      const profile = await domain.customers.profile(c!.id);
      expect(profile!.stats.lifetimeSpend[0]!.currency).toBe('GBP');
    } finally {
      await domain.close();
    }
  });
});

describe.skipIf(!hasData('support-conversations'))('support conversations (../shared/data/support-conversations)', () => {
  it('imports TWCS threads as social items and ABCD transcripts as chat items', async () => {
    const tw = await runImportCli(parseImportArgs([join(DATA_DIR, 'support-conversations/twcs/twcs_kaggle_sample.csv'), '--format', 'twcs-csv', '--data-dir', tmp.dir, '--quiet'], {}), quiet);
    expect(tw.created).toBeGreaterThan(5);
    expect(tw.created + tw.rejected).toBe(tw.total);
    const ab = await runImportCli(parseImportArgs([join(DATA_DIR, 'support-conversations/abcd/abcd_sample.json'), '--format', 'abcd-json', '--data-dir', tmp.dir, '--quiet'], {}), quiet);
    expect(ab).toMatchObject({ total: 3, created: 3, rejected: 0 });
    const domain = await createDomain({ dataDir: tmp.dir, defaultRegion: 'US', fanOut: noFanOut });
    try {
      const [c] = await domain.customers.search('cminh730@email.com', 5);
      const page = await domain.customers.timeline(c!.id, { limit: 5, channel: undefined });
      expect(page!.items[0]).toMatchObject({ channel: 'chat', source: 'abcd' });
      expect((page!.items[0]!.data['messages'] as unknown[]).length).toBeGreaterThan(5);
      // A thread is one item whose messages alternate customer and brand.
      const [t] = await domain.customers.search('105836', 5);
      const thread = (await domain.customers.timeline(t!.id, { limit: 5, channel: undefined }))!.items[0]!;
      expect(thread).toMatchObject({ channel: 'social', type: 'social.thread' });
      expect((thread.data['messages'] as { role: string }[]).map((m) => m.role)).toContain('agent');
    } finally {
      await domain.close();
    }
  });
});
