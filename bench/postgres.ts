import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';

/*
 * Postgres for the bench: a throwaway schema in DATABASE_URL's database (dropped afterwards),
 * and a fast bulk copy of the tables the SQLite run already produced through the real ingest,
 * so both dialects are timed on identical data without paying for a second 1M-event ingest.
 */

export function randomSchema(): string {
  return `bench_${randomBytes(5).toString('hex')}`;
}

/** DATABASE_URL with `search_path` pinned to `schema` on every connection. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Tables the hub reads for timelines and profiles, parents first (foreign keys). */
const TABLES = ['customers', 'identifiers', 'events', 'event_refs', 'merges'];

/**
 * Copies rows from the SQLite file into the (migrated, empty) Postgres schema. Secondary indexes
 * are dropped during the copy and rebuilt after, as any bulk load would; then ANALYZE.
 */
export async function copySqliteToPostgres(sqliteFile: string, url: string, schema: string, progress: (line: string) => void): Promise<{ rows: number; seconds: number }> {
  const t0 = performance.now();
  const src = new BetterSqlite3(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let total = 0;
  try {
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = $1 and i.tablename = any($2)
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [schema, TABLES],
    );
    for (const ix of indexes) await client.query(`drop index ${schema}.${ix.indexname}`);
    for (const table of TABLES) {
      const { rows: cols } = await client.query<{ column_name: string; udt_name: string }>(
        'select column_name, udt_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
        [schema, table],
      );
      const names = cols.map((c) => c.column_name);
      const insert = `insert into ${table} (${names.join(', ')}) select * from unnest(${cols.map((c, i) => `$${i + 1}::${c.udt_name}[]`).join(', ')})`;
      let chunk: unknown[][] = names.map(() => []);
      let n = 0;
      const flush = async () => {
        if (n === 0) return;
        await client.query(insert, chunk);
        total += n;
        chunk = names.map(() => []);
        n = 0;
      };
      for (const row of src.prepare(`select ${names.join(', ')} from ${table}`).raw().iterate() as Iterable<unknown[]>) {
        for (let i = 0; i < row.length; i++) chunk[i]!.push(row[i]);
        if (++n === 5000) await flush();
      }
      await flush();
      progress(`  copied ${table}`);
    }
    await client.query(`select setval(pg_get_serial_sequence('events', 'seq'), coalesce((select max(seq) from events), 1))`);
    progress(`  rebuilding ${indexes.length} indexes…`);
    for (const ix of indexes) await client.query(ix.indexdef);
    await client.query('analyze');
  } finally {
    await client.end();
    src.close();
  }
  return { rows: total, seconds: (performance.now() - t0) / 1000 };
}
