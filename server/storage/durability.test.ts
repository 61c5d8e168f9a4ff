import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createDomain, type SqlDomain } from '../create-domain.js';
import { openPostgres, type OpenedDatabase } from './open-database.js';

/* Acknowledged means durable: the hub's own connections flush at every commit, on both backends. */
describe('durable commits', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('SQLite: the hub connection runs WAL with synchronous=FULL (fsync at every commit)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omni-durable-'));
    const domain: SqlDomain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
    cleanups.push(async () => {
      await domain.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const raw = domain.database.raw;
    if (raw.dialect !== 'sqlite') throw new Error('expected SQLite');
    expect(raw.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 = FULL (1 = NORMAL survives a killed process but not power loss).
    expect(raw.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });

  const url = process.env['DATABASE_URL'];
  // Needs a PostgreSQL server (DATABASE_URL): skipped in the SQLite pass; the PostgreSQL pass runs it.
  it.skipIf(!url)('PostgreSQL: every pooled session commits with synchronous_commit on, even when the server default says off', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = async (text: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    await admin(`create schema ${schema}`);
    cleanups.push(() => admin(`drop schema if exists ${schema} cascade`));
    // The startup option stands in for a server (or role) configured with synchronous_commit = off.
    const opened: OpenedDatabase = await openPostgres(url!, { options: `-c search_path=${schema} -c synchronous_commit=off`, max: 4 });
    cleanups.push(() => opened.close());
    if (opened.raw.dialect !== 'postgres') throw new Error('expected PostgreSQL');
    const pool = opened.raw.pool;
    // Hold four sessions at once so the check covers fresh connections, not one reused client.
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    try {
      for (const c of clients) {
        const { rows } = await c.query<{ s: string }>("select current_setting('synchronous_commit') as s");
        expect(rows[0]!.s).toBe('on');
      }
    } finally {
      for (const c of clients) c.release();
    }
    const { rows } = await pool.query<{ f: string }>("select current_setting('fsync') as f");
    expect(rows[0]!.f).toBe('on');
  });
});
