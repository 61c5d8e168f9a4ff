import { open } from 'node:fs/promises';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './schema.js';

/*
 * Durable commits without blocking the event loop (embedded SQLite, WAL, synchronous=FULL). better-sqlite3 runs
 * COMMIT, and so its fsync of the WAL, on the loop: every socket and request waits out the disk. For a commit queue
 * group that allows it (commit-queue.ts `offLoopSync`), the transaction commits with synchronous=NORMAL (in WAL
 * mode: the frames are written, not yet fsynced) on a connection held for it alone, FULL again right after; then
 * the WAL file is fdatasync'ed in libuv's thread pool, and only then is anyone answered. A crash before that fsync
 * loses only commits nobody was told of (the WAL's checksums drop torn frames), so an answer still means durable;
 * readers of this hub may see the rows a moment before they are on disk, as they see a preview.
 * The WAL is appended in order: a later commit's fsync (ours or SQLite's own) covers every earlier frame.
 */
export function sqliteOffLoopSync(db: Db, sqlite: BetterSqlite3.Database): { run<T>(body: (db: Db) => Promise<T>): Promise<T>; sync(): Promise<void> } | undefined {
  // Only what it replaces: a file database in WAL mode that fsyncs every commit (FULL or EXTRA).
  if (sqlite.memory || String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
  const level = Number(sqlite.pragma('synchronous', { simple: true }));
  if (level < 2) return undefined;
  const wal = `${sqlite.name}-wal`;
  return {
    // One connection for the whole group (nothing else may commit while it is relaxed); SQLite refuses the
    // setting inside a transaction, so it can never relax someone else's.
    run: (body) =>
      db.connection().execute(async (conn) => {
        await sql`pragma synchronous = normal`.execute(conn);
        try {
          return await body(conn);
        } finally {
          await sql.raw(`pragma synchronous = ${level}`).execute(conn);
        }
      }),
    // Opened per call: a WAL file that was removed and created again (all connections closed) is never missed.
    sync: async () => {
      const file = await open(wal, 'r');
      try {
        await file.datasync();
      } finally {
        await file.close();
      }
    },
  };
}
