import { sql, type Kysely } from 'kysely';
import { columnsOf } from './schema-introspection.js';

/*
 * SQLite cannot change a table's storage (rowid or WITHOUT ROWID) in place. This is its documented way
 * (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys off, then in one transaction a copy under a
 * new name, the old table dropped, the copy renamed, its indexes and triggers created again from their own
 * definitions, and `foreign_key_check` of its references before the commit. Kysely runs SQLite migrations outside
 * a transaction, so the pragma can be switched here (it is a no-op inside one).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function rebuildSqliteTable(db: AnyDb, table: string, form: { withoutRowid: boolean }): Promise<void> {
  if (db.isTransaction) throw new Error(`rebuilding ${table} needs foreign keys off, which a transaction cannot switch`);
  const wasOn = Number((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys ?? 0) === 1;
  if (wasOn) await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute((tx) => rebuildSqliteTableIn(tx, table, form));
  } finally {
    if (wasOn) await sql`pragma foreign_keys = on`.execute(db);
  }
}

/**
 * The copy, drop and rename inside the caller's transaction. Foreign keys must be off, unless no other table
 * references this one (migration 0047's order rows): dropping a referenced table with them on deletes its rows
 * first and fails on the references.
 */
export async function rebuildSqliteTableIn(tx: AnyDb, table: string, form: { withoutRowid: boolean }): Promise<void> {
  const { rows } = await sql<{ type: string; name: string; sql: string | null }>`
    select type, name, sql from sqlite_master where tbl_name = ${table} and sql is not null order by name`.execute(tx);
  const create = rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`the table ${table} is missing`);
  const plain = create.replace(/\s+without\s+rowid\s*$/i, '');
  if ((plain.length !== create.length) === form.withoutRowid) return; // already in that form
  const copy = `${table}_rebuilt`;
  const head = new RegExp(`^create\\s+table\\s+("${table}"|${table})\\s*\\(`, 'i');
  if (!head.test(plain)) throw new Error(`unexpected definition of ${table}: ${create}`);
  const rebuilt = plain.replace(head, `create table "${copy}" (`);
  await sql.raw(form.withoutRowid ? `${rebuilt} without rowid` : rebuilt).execute(tx);
  const columns = [...(await columnsOf(tx, 'sqlite', table))].map((c) => `"${c}"`).join(', ');
  await sql.raw(`insert into "${copy}" (${columns}) select ${columns} from "${table}"`).execute(tx);
  const count = async (t: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(tx)).rows[0]?.n);
  if ((await count(copy)) !== (await count(table))) throw new Error(`the copy of ${table} lost rows`);
  // Triggers first: they go with the table, and none may fire on the way.
  for (const t of rows.filter((r) => r.type === 'trigger')) await sql.raw(`drop trigger "${t.name}"`).execute(tx);
  await sql.raw(`drop table "${table}"`).execute(tx);
  await sql.raw(`alter table "${copy}" rename to "${table}"`).execute(tx);
  for (const r of rows.filter((r) => r.type === 'index' || r.type === 'trigger')) await sql.raw(r.sql!).execute(tx);
  // Its own references (every row was copied, so the tables that reference it are whole).
  const broken = (await sql.raw(`pragma foreign_key_check("${table}")`).execute(tx)).rows;
  if (broken.length) throw new Error(`rebuilding ${table} broke ${broken.length} foreign keys`);
}
