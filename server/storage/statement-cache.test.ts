import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  let sqlite: BetterSqlite3.Database;
  afterEach(() => {
    if (sqlite.open) sqlite.close();
  });

  it('reuses the prepared statement for the same SQL text', () => {
    sqlite = new BetterSqlite3(':memory:');
    const db = withStatementCache(sqlite);
    expect(db.prepare('select 1 as x')).toBe(db.prepare('select 1 as x'));
    expect(db.prepare('select 1 as x')).not.toBe(db.prepare('select 2 as x'));
  });

  it('hands out a fresh statement while the cached one is still being iterated', () => {
    sqlite = new BetterSqlite3(':memory:');
    const db = withStatementCache(sqlite);
    sqlite.exec('create table t (v integer); insert into t values (1), (2)');
    const first = db.prepare('select v from t order by v');
    const seen: unknown[] = [];
    for (const row of first.iterate([])) seen.push(row, db.prepare('select v from t order by v').all([]));
    expect(seen).toEqual([{ v: 1 }, [{ v: 1 }, { v: 2 }], { v: 2 }, [{ v: 1 }, { v: 2 }]]);
  });

  it('evicts the oldest text past its size, and keeps working after a schema change', async () => {
    sqlite = new BetterSqlite3(':memory:');
    const db = withStatementCache(sqlite, 2);
    const a = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    expect(db.prepare('select 1')).not.toBe(a);
    const k = new Kysely<{ t: { v: number } }>({ dialect: new SqliteDialect({ database: db }) });
    await sql`create table t (v integer)`.execute(k);
    await k.insertInto('t').values({ v: 1 }).execute();
    expect(await k.selectFrom('t').selectAll().execute()).toEqual([{ v: 1 }]);
    await sql`alter table t add column w integer`.execute(k);
    expect(await k.selectFrom('t').selectAll().execute()).toEqual([{ v: 1, w: null }]);
    await k.destroy();
    expect(sqlite.open).toBe(false);
  });
});
