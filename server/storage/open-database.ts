import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { OmniPostgresDialect } from './pg-dialect.js';
import type pg from 'pg';
import { migrateToLatest } from './migrations.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { PlannerStatsKeeper } from './pg-planner-stats.js';
import type { Schema } from './schema.js';
import { withStatementCache } from './statement-cache.js';
import type { OpenedDatabase } from './database-handle.js';
// The types live apart (database-handle.ts) so services can name them without importing the migrations.
export type { OpenedDatabase, RawHandle, WriteGate } from './database-handle.js';

export interface OpenDatabaseOptions {
  /** SQLite file lives at `${dataDir}/omni.sqlite` unless databaseUrl is set. */
  dataDir: string;
  /** postgres://… -> PostgreSQL. */
  databaseUrl?: string;
}

/** Opens (and migrates) the hub's database: SQLite in dataDir, or PostgreSQL when databaseUrl is set. */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  mkdirSync(opts.dataDir, { recursive: true });
  return openSqlite(join(opts.dataDir, 'omni.sqlite'));
}

/**
 * SQLite page cache per connection, in KiB: sized against the hub's memory budget (150 MB RSS with 1M
 * events), not left at the default. It is resident memory, and the OS page cache holds the rest of the
 * file a pread away. Measured 2026-12-02 on the 2-core bench machine, 1M events: 8 MB -> hub RSS 134 MB;
 * 32 MB -> RSS 156 MB (over budget) and ingest +20% at 400k events (the identity lookups and the profile
 * stats' reads stay in cache longer). 16 MB takes part of that gain inside the budget.
 */
export const SQLITE_CACHE_KIB = 16000;

/**
 * `FULL`: every commit fsyncs the WAL before ingest answers 202, so an acknowledged event survives
 * power loss, not just a killed process (`NORMAL` only survives the latter). Concurrent requests share
 * that fsync through the commit queue (commit-queue.ts).
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteOptions {
  /** The hub always runs FULL; the bench opens NORMAL only to measure what durability costs. */
  synchronous?: SqliteSynchronous;
}

export async function openSqlite(file: string, opts: SqliteOptions = {}): Promise<OpenedDatabase> {
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`synchronous = ${opts.synchronous ?? 'FULL'}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    await migrateToLatest(db, 'sqlite');
    // Checkpoints in a worker thread (it turns the connection's auto-checkpoint off). In-process
    // auto-checkpoints ran inside the commit (commit + checkpoint: ~40% of bulk ingest time in a CPU profile)
    // and stalled live fan-out behind each copy.
    const gate = new WalCheckpointer(sqlite);
    return {
      db,
      dialect: 'sqlite',
      raw: { dialect: 'sqlite', sqlite },
      writeGate: gate,
      async close() {
        await gate.close();
        await db.destroy();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}

/** The URL a worker thread opens its own client with: the pool's libpq `options` (a test's search_path) folded in. */
function urlWithOptions(connectionString: string, options: string | undefined): string {
  if (!options) return connectionString;
  const u = new URL(connectionString);
  u.searchParams.set('options', options);
  return u.toString();
}

const INT8_OID = 20;

/**
 * A pg Pool whose int8/bigint (and count(*)) come back as JS numbers; all our values are < 2^53.
 * pg is loaded here, on first use: an embedded (SQLite) hub never pays its memory.
 */
export async function createPgPool(connectionString: string, extra: pg.PoolConfig = {}): Promise<pg.Pool> {
  const { default: pg } = await import('pg');
  return new pg.Pool({
    connectionString,
    max: 10,
    ...extra,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
    },
  });
}

export async function openPostgres(connectionString: string, extra: pg.PoolConfig = {}): Promise<OpenedDatabase> {
  const pool = await createPgPool(connectionString, extra);
  // An idle client's error (server restart) must not crash the hub; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new OmniPostgresDialect({ pool }) });
  try {
    await ensureDurableCommits(pool);
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema;
    if (!schema) throw new Error('DATABASE_URL: no current schema (check search_path)');
    await migrateToLatest(db, 'postgres', schema);
    // Planner statistics kept current as tables grow, whether or not autovacuum runs (pg-planner-stats.ts).
    let warned = false;
    const stats = new PlannerStatsKeeper(pool, {
      onError: (err) => {
        if (warned) return;
        warned = true;
        process.emitWarning(`PostgreSQL planner statistics could not be refreshed (ANALYZE): ${(err as Error).message}`);
      },
    });
    return {
      db,
      dialect: 'postgres',
      raw: { dialect: 'postgres', pool, url: urlWithOptions(connectionString, extra.options) },
      async close() {
        await stats.close();
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}

/**
 * An acknowledged event must survive a PostgreSQL crash or power loss: the server has to flush WAL
 * at commit. `synchronous_commit` is per session, so `off` (a server default someone tuned for
 * speed) is turned back on for every session of this pool; `fsync = off` cannot be fixed from a
 * client, so the hub refuses to run on it rather than acknowledge writes it may lose.
 * Runs on the pool's first connection, before any other exists, so no session escapes the hook.
 */
export async function ensureDurableCommits(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ fsync: string; sync: string }>("select current_setting('fsync') as fsync, current_setting('synchronous_commit') as sync");
    if (rows[0]?.fsync === 'off') {
      throw new Error('PostgreSQL runs with fsync = off: acknowledged events would not survive a crash. Turn fsync on in postgresql.conf.');
    }
    if (rows[0]?.sync !== 'off') return;
    pool.on('connect', (c) => {
      c.query('set synchronous_commit = on').catch(() => {});
    });
    await client.query('set synchronous_commit = on');
  } finally {
    client.release();
  }
}
