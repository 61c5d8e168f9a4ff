import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { rebuildSqliteTable } from './sqlite-rebuild-table.js';

/* The rebuild keeps rows, indexes and triggers, fires none of the triggers on the way, leaves the tables that reference it whole, and turns foreign keys back on. */

describe('rebuilding a SQLite table', () => {
  it('changes a referenced table with a trigger to WITHOUT ROWID and back', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: sqlite }) });
    sqlite.exec(`
      create table parent (id text primary key, name text not null);
      create index parent_name on parent (name);
      create table child (id integer primary key, parent_id text not null references parent (id));
      create table log (what text);
      create trigger parent_gone after delete on parent begin insert into log values ('deleted ' || old.id); end;
      insert into parent values ('p1', 'one'), ('p2', 'two');
      insert into child (parent_id) values ('p1'), ('p2');`);
    const objects = () => sqlite.prepare("select type, name, sql from sqlite_master where tbl_name = 'parent' and sql is not null order by name").all() as { type: string; sql: string }[];
    const before = objects();

    await rebuildSqliteTable(db, 'parent', { withoutRowid: true });
    expect(objects().find((o) => o.type === 'table')!.sql).toMatch(/without rowid$/);
    expect(objects().filter((o) => o.type !== 'table')).toEqual(before.filter((o) => o.type !== 'table'));
    expect(sqlite.prepare('select * from parent order by id').all()).toEqual([{ id: 'p1', name: 'one' }, { id: 'p2', name: 'two' }]);
    expect(sqlite.prepare('select * from log').all()).toEqual([]);
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // The child's reference still points at the table by name, and is enforced.
    expect(() => sqlite.prepare("insert into child (parent_id) values ('nobody')").run()).toThrow(/FOREIGN KEY/);
    expect(() => sqlite.prepare("delete from parent where id = 'p1'").run()).toThrow(/FOREIGN KEY/);
    sqlite.prepare("delete from child where parent_id = 'p2'").run();
    sqlite.prepare("delete from parent where id = 'p2'").run();
    expect(sqlite.prepare('select * from log').all()).toEqual([{ what: 'deleted p2' }]);

    await rebuildSqliteTable(db, 'parent', { withoutRowid: false });
    // The same definition (the rename quotes the table's name).
    expect(objects().map((o) => ({ ...o, sql: o.sql.replace('"parent"', 'parent') }))).toEqual(before);
    expect(sqlite.prepare('select * from parent').all()).toEqual([{ id: 'p1', name: 'one' }]);
    await expect(db.transaction().execute((tx) => rebuildSqliteTable(tx, 'parent', { withoutRowid: true }))).rejects.toThrow(/transaction/);
    await db.destroy();
  });
});
