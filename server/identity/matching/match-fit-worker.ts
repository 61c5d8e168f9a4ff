import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { fitFromSource, type FitSource } from './match-fit.js';

/*
 * Worker-thread entry of a match-model refit (started by match-fit-runner.ts; bundled as
 * out/main/match-fit-worker.js). Reads match_profiles / match_keys over its own connection: a read-only SQLite
 * one, or one PostgreSQL client in a read-only transaction (one snapshot, like the SQLite read). The hub's thread
 * and connections never walk the profiles. Pauses now and then to leave the CPU to the hub.
 */

export interface MatchFitWorkerInput {
  /** SQLite file, or... */
  file?: string;
  /** ...PostgreSQL URL (the hub's, search_path included). */
  databaseUrl?: string;
  /** better-sqlite3 or pg, resolved by the hub (a bundled worker cannot resolve it itself). */
  driver: string;
  maxSeeds?: number;
}

const input = workerData as MatchFitWorkerInput;
// Not `require`: the bundler declares its own shim of that name in the built worker (a redeclaration would not load).
const requireDriver = createRequire(import.meta.url);

let last = Date.now();
const pause = async () => {
  if (Date.now() - last < 20) return;
  await new Promise((r) => setTimeout(r, 5));
  last = Date.now();
};

async function fitSqlite(file: string): Promise<void> {
  const Database = requireDriver(input.driver) as typeof BetterSqlite3;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const count = db.prepare('select count(*) as n from match_profiles');
    const page = db.prepare('select customer_id as id, record from match_profiles where customer_id > ? order by customer_id limit ?');
    const block = db.prepare('select customer_id from match_keys where key = ? limit ?').pluck();
    const one = db.prepare('select record from match_profiles where customer_id = ?').pluck();
    const src: FitSource = {
      profileCount: async () => (count.get() as { n: number }).n,
      profilesAfter: async (afterId, limit) => page.all(afterId, limit) as { id: string; record: string }[],
      members: async (keys, limit) => new Map(keys.map((k) => [k, block.all(k, limit) as string[]])),
      records: async (ids) => {
        const out = new Map<string, string>();
        for (const id of ids) {
          const r = one.get(id) as string | undefined;
          if (r !== undefined) out.set(id, r);
        }
        return out;
      },
    };
    await report(src);
  } finally {
    db.close();
  }
}

async function fitPostgres(url: string): Promise<void> {
  const { Client } = requireDriver(input.driver) as typeof pg;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin transaction isolation level repeatable read read only');
    const src: FitSource = {
      profileCount: async () => Number((await client.query<{ n: string }>('select count(*) as n from match_profiles')).rows[0]!.n),
      profilesAfter: async (afterId, limit) =>
        (await client.query<{ id: string; record: string }>('select customer_id as id, record from match_profiles where customer_id > $1 order by customer_id limit $2', [afterId, limit])).rows,
      members: async (keys, limit) => {
        const out = new Map<string, string[]>(keys.map((k) => [k, []]));
        // Per key at most `limit` members, all keys in one round trip (match_keys is indexed by key).
        const { rows } = await client.query<{ key: string; customer_id: string }>(
          'select k.key, m.customer_id from unnest($1::text[]) as k(key) cross join lateral (select customer_id from match_keys where key = k.key limit $2) m',
          [keys, limit],
        );
        for (const r of rows) out.get(r.key)!.push(r.customer_id);
        return out;
      },
      records: async (ids) => {
        const { rows } = await client.query<{ customer_id: string; record: string }>('select customer_id, record from match_profiles where customer_id = any($1::text[])', [[...ids]]);
        return new Map(rows.map((r) => [r.customer_id, r.record]));
      },
    };
    await report(src);
    await client.query('commit');
  } finally {
    await client.end();
  }
}

async function report(src: FitSource): Promise<void> {
  const out = await fitFromSource(src, { ...(input.maxSeeds ? { maxSeeds: input.maxSeeds } : {}), pause });
  parentPort!.postMessage({ ok: true, out, heapUsed: process.memoryUsage().heapUsed });
}

try {
  if (input.databaseUrl) await fitPostgres(input.databaseUrl);
  else if (input.file) await fitSqlite(input.file);
  else throw new Error('match fit worker: neither a SQLite file nor a PostgreSQL URL');
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
