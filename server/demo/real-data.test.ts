import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CustomerSearchResponseSchema, TimelinePageSchema } from '../../shared/index.js';
import { DATA_DIR, hasData } from '../connectors/test/fixtures.js';
import { startHub } from '../hub.js';
import { tempDataDir, testConfig, testDomain, testStore, type TestStore } from '../http/test-support.js';
import type { SqlDomain } from '../create-domain.js';
import { until } from '../testing/wait.js';
import { login } from '../realtime/test-client.js';
import { DEMO_DATA_FILES, demoDataDir, importDemoData } from './real-data.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function dir(name: string): string {
  const d = tempDataDir(name);
  cleanups.push(d.remove);
  return d.dir;
}
/** A hub's store on this pass's backend (PostgreSQL schema when DATABASE_URL is set). */
async function store(name: string): Promise<TestStore> {
  const d = await testStore(name);
  cleanups.push(d.remove);
  return d;
}

/** A small data dir in the real layout: 3 retail invoices (one a guest: rejected) and 2 tweets of one thread. */
function sampleDataDir(): string {
  const root = dir('demo-data');
  mkdirSync(join(root, 'retail'));
  writeFileSync(
    join(root, 'retail/uci_online_retail_sample_20k.csv'),
    [
      '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"',
      '"557055","23203","JUMBO BAG DOILEY PATTERNS",20,"2011-06-16 14:45:00",2.08,12621,"Germany"',
      '"557055","22336","PAPER CHAIN KIT",2,"2011-06-16 14:45:00",2.95,12621,"Germany"',
      '"C557100","23203","JUMBO BAG DOILEY PATTERNS",-1,"2011-06-17 10:00:00",2.08,12621,"Germany"',
      '"546306","21733","RED HANGING HEART T-LIGHT HOLDER",2,"2011-03-10 16:16:00",2.95,NA,"United Kingdom"',
    ].join('\n'),
  );
  mkdirSync(join(root, 'support-conversations/twcs'), { recursive: true });
  writeFileSync(
    join(root, 'support-conversations/twcs/twcs_kaggle_sample.csv'),
    [
      'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id',
      '1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@sprintcare my phone has had no signal since Monday,2,',
      '2,sprintcare,False,Tue Oct 31 22:11:45 +0000 2017,@115712 Sorry to hear that! Please DM us your account number.,,1',
    ].join('\n'),
  );
  return root;
}

describe('demo real data import', () => {
  it('defaults to ../shared/data next to the repo; OMNI_DEMO_DATA_DIR overrides', () => {
    expect(demoDataDir({})).toBe(resolve(process.cwd(), '..', 'shared', 'data'));
    expect(demoDataDir({ OMNI_DEMO_DATA_DIR: '/srv/samples' })).toBe('/srv/samples');
  });

  it('skips a missing data dir with one log line', async () => {
    const t = await testDomain();
    cleanups.push(() => t.close());
    const lines: string[] = [];
    expect(await importDemoData(t.domain.ingest, join(dir('none'), 'absent'), { region: 'US', log: (l) => lines.push(l) })).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/no real data at .*absent/);
  });

  // Skipped unless every demo sample under ../shared/data (outside the repo) is present.
  it.skipIf(!DEMO_DATA_FILES.every((f) => hasData(f.file)))('imports the real samples in ../shared/data; a second run is all duplicates', async () => {
    const t = await testDomain();
    cleanups.push(() => t.close());
    const first = (await importDemoData(t.domain.ingest, DATA_DIR, { region: 'US' }))!;
    expect(first.files.map((f) => f.file)).toEqual(DEMO_DATA_FILES.map((f) => f.file));
    for (const f of first.files) expect(f.created).toBeGreaterThan(0);
    const again = (await importDemoData(t.domain.ingest, DATA_DIR, { region: 'US' }))!;
    expect(again).toMatchObject({ created: 0, duplicate: first.created, rejected: first.rejected });
  }, 60_000);

  it('a demo hub imports it in the background after listening, logs created/duplicate/rejected, and is idempotent on restart', async () => {
    const data = sampleDataDir();
    if (hasData('support-conversations/abcd/abcd_sample.json')) {
      mkdirSync(join(data, 'support-conversations/abcd'));
      copyFileSync(join(DATA_DIR, 'support-conversations/abcd/abcd_sample.json'), join(data, 'support-conversations/abcd/abcd_sample.json'));
    }
    const hubDir = await store('demo-hub');
    const lines: string[] = [];
    const opts = { demo: { customers: 3, seed: 3, intervalMs: 60_000, realDataDir: data }, log: (l: string) => lines.push(l) };

    const hub = await startHub(testConfig(hubDir, { demo: true }), opts);
    cleanups.push(() => hub.close());
    let settled = false;
    void hub.demoData!.then(() => (settled = true));
    // Listening (and healthy) before the import finished: startup never waits for it.
    expect(settled).toBe(false);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    const first = (await hub.demoData)!;
    expect(first.files.find((f) => f.file.startsWith('retail/'))).toEqual({ file: 'retail/uci_online_retail_sample_20k.csv', created: 2, duplicate: 0, rejected: 1 });
    expect(first.files.find((f) => f.file.includes('twcs'))).toMatchObject({ created: 1, rejected: 0 });
    expect(lines.find((l) => l.startsWith('demo: real data from'))).toMatch(new RegExp(`created ${first.created}, duplicate 0, rejected 1`));

    // The retail customer is a real, searchable customer with both invoices on the timeline.
    const token = await login(hub.url);
    const auth = { authorization: `Bearer ${token}` };
    const found = CustomerSearchResponseSchema.parse(await (await fetch(`${hub.url}/api/v1/customers?q=uci:12621`, { headers: auth })).json()).customers;
    expect(found).toHaveLength(1);
    const page = TimelinePageSchema.parse(await (await fetch(`${hub.url}/api/v1/customers/${found[0]!.id}/timeline`, { headers: auth })).json());
    expect(page.items.map((i) => i.type).sort()).toEqual(['order', 'refund']);
    await hub.close();

    lines.length = 0;
    const again = await startHub(testConfig(hubDir, { demo: true }), opts);
    cleanups.push(() => again.close());
    const second = (await again.demoData)!;
    expect(second).toMatchObject({ created: 0, duplicate: first.created, rejected: 1 });
    expect(lines.find((l) => l.startsWith('demo: real data from'))).toMatch(/created 0, duplicate \d+, rejected 1/);
  }, 60_000);

  // Skipped when ../shared/data/retail (the UCI Online Retail sample, outside the repo) is absent.
  it.skipIf(!hasData('retail'))('a hub closed mid-import stops between batches and closes cleanly', async () => {
    const lines: string[] = [];
    const hub = await startHub(testConfig(await store('demo-close'), { demo: true }), { demo: { customers: 2, intervalMs: 60_000, realDataDir: DATA_DIR }, log: (l) => lines.push(l) });
    // Mid-import: the first batch of the retail file is committed (not a fixed sleep).
    const db = (hub.domain as SqlDomain).database.db;
    const imported = async () => (await db.selectFrom('events').select('id').where('source', '=', 'uci-online-retail').limit(1).execute()).length > 0;
    await until(imported, 'the first imported batch', 30_000);
    await hub.close();
    expect(await hub.demoData).toBeNull();
    expect(lines.some((l) => l.includes('import failed'))).toBe(false);
  }, 60_000);

  it('realDataDir null turns it off', async () => {
    const hub = await startHub(testConfig(await store('demo-off'), { demo: true }), { demo: { customers: 2, intervalMs: 60_000, realDataDir: null } });
    cleanups.push(() => hub.close());
    expect(hub.demoData).toBeUndefined();
  });
});
