import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDomain } from './create-domain.js';
import { testEvent } from './storage/test-domain.js';
import { systemActor } from '../shared/actor.js';

describe('createDomain (SQLite in the data dir)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates omni.sqlite in a new data dir and keeps data, users and the ingest key across restarts', async () => {
    const root = mkdtempSync(join(tmpdir(), 'omni-domain-'));
    dirs.push(root);
    const dataDir = join(root, 'nested', 'data');
    const d1 = await createDomain({ dataDir, defaultRegion: 'US' });
    expect(d1.dialect).toBe('sqlite');
    expect(existsSync(join(dataDir, 'omni.sqlite'))).toBe(true);
    const boot = await d1.bootstrap({ adminPassword: 'admin-password' });
    const [r] = (await d1.ingest.ingest(systemActor('test'), [testEvent({ email: 'keep@x.com' })])).results;
    await d1.close();

    const d2 = await createDomain({ dataDir, defaultRegion: 'US' });
    // The stored key is accepted even before bootstrap runs again.
    expect(d2.auth.checkIngestKey(boot.ingestKey)).toBe(true);
    expect((await d2.bootstrap({})).generatedIngestKey).toBe(false);
    expect(await d2.auth.login('admin@omni.local', 'admin-password')).not.toBeNull();
    expect((await d2.customers.summary(systemActor('test'), r!.customerId))?.emails).toEqual(['keep@x.com']);
    const pragmas = d2.database.raw.dialect === 'sqlite' ? d2.database.raw.sqlite : null;
    expect(pragmas!.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(pragmas!.pragma('foreign_keys', { simple: true })).toBe(1);
    await d2.close();
    await d2.close(); // idempotent
  });

  it('refuses an unknown default region', async () => {
    const root = mkdtempSync(join(tmpdir(), 'omni-domain-'));
    dirs.push(root);
    await expect(createDomain({ dataDir: root, defaultRegion: 'XX' })).rejects.toThrow(/region/);
  });
});
