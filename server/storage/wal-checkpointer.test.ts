import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { WalCheckpointer } from './wal-checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openWal(): { sqlite: BetterSqlite3.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'omni-wal-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('create table t (id integer primary key, blob blob not null)');
  return { sqlite, file };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One "batch": 100 rows of 3 KB, about 100 WAL frames. */
function writeBatch(sqlite: BetterSqlite3.Database): void {
  const insert = sqlite.prepare('insert into t (blob) values (randomblob(3000))');
  sqlite.transaction(() => {
    for (let i = 0; i < 100; i++) insert.run();
  })();
}

const autoCheckpoint = (sqlite: BetterSqlite3.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('WalCheckpointer', () => {
  it('takes checkpoints over from the connection and keeps the WAL bounded under non-stop writes', async () => {
    const { sqlite, file } = openWal();
    const ck = new WalCheckpointer(sqlite, { capFrames: 300, intervalMs: 1000 });
    await until(() => ck.mode === 'worker');
    for (let i = 0; i < 40; i++) {
      await ck.beforeWrite();
      writeBatch(sqlite);
      ck.afterCommit(true);
    }
    // The connection no longer checkpoints by itself…
    expect(autoCheckpoint(sqlite)).toBe(0);
    // …yet 4000 rows (~12 MB) never made the WAL much bigger than the cap plus a batch: writers waited and it rewound.
    expect(ck.stats.waits).toBeGreaterThan(0);
    expect(statSync(`${file}-wal`).size).toBeLessThan((300 + 4 * 110) * 4200);
    // Checkpointed pages are in the database file: a fresh reader sees every row.
    await ck.close();
    sqlite.close();
    const reader = new BetterSqlite3(file, { readonly: true });
    expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: 4000 });
    reader.close();
  });

  it('without a worker, the connection keeps SQLite’s own auto-checkpoints', async () => {
    const { sqlite } = openWal();
    const ck = new WalCheckpointer(sqlite, { driverPath: '/nonexistent/better-sqlite3.node.js' });
    await until(() => ck.mode === 'fallback');
    for (let i = 0; i < 5; i++) {
      await ck.beforeWrite();
      writeBatch(sqlite);
      ck.afterCommit(true);
    }
    expect(autoCheckpoint(sqlite)).toBe(1000);
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: 500 });
    await ck.close();
    sqlite.close();
  });
});
