import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared (IN lists of every chunk length make a few hundred in practice). */
const MAX_CACHED = 1000;

/**
 * The better-sqlite3 handle as Kysely's SQLite driver sees it, with prepared statements reused by SQL
 * text: the driver prepares on every execution, which cost ~5% of bulk ingest in a CPU profile (the
 * same few dozen queries per batch). A statement still being iterated (a streamed query) is busy, so
 * a query with the same text meanwhile gets a fresh, uncached one. SQLite re-prepares a cached
 * statement itself after a schema change.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, max = MAX_CACHED): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sqlText: string) {
      const hit = cache.get(sqlText);
      if (hit && !hit.busy) return hit;
      const statement = sqlite.prepare(sqlText);
      if (hit) return statement;
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, statement);
      return statement;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
