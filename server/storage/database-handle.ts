import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { Db, Dialect } from './schema.js';

/*
 * The shape of an opened database, apart from open-database.ts: services and the feature modules'
 * wiring context use these types, and open-database.ts runs every module's migrations, so importing
 * the types from there would close an import cycle (modules -> services -> open-database -> modules).
 */

/** The driver under Kysely, for callers that need the raw floor (bench) or pragmas. */
export type RawHandle = { dialect: 'sqlite'; sqlite: BetterSqlite3.Database } | { dialect: 'postgres'; pool: pg.Pool; /** What it was opened with: a worker thread opens its own connection from it. */ url?: string };

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
  raw: RawHandle;
  /** SQLite: writers pass through it so WAL checkpoints stay off the event loop (see wal-checkpointer). */
  writeGate?: WriteGate;
  close(): Promise<void>;
}

export interface WriteGate {
  /** Awaited under the write lock before a write transaction; immediate unless the WAL must drain first. */
  beforeWrite(): Promise<void>;
  /** After a commit; `big` (a bulk batch) asks for a checkpoint now. */
  afterCommit(big: boolean): void;
}
