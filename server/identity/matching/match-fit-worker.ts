import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { fitFromSource, type FitSource } from './match-fit.js';

/*
 * Worker-thread entry of a match-model refit (started by match-fit-runner.ts; bundled as
 * out/main/match-fit-worker.js). Reads match_profiles / match_keys over its own read-only SQLite connection,
 * so the hub's thread and connection never walk the profiles. Pauses now and then to leave the CPU to the hub.
 */

export interface MatchFitWorkerInput {
  file: string;
  driver: string;
  maxSeeds?: number;
}

const input = workerData as MatchFitWorkerInput;
const Database = createRequire(import.meta.url)(input.driver) as typeof BetterSqlite3;
const db = new Database(input.file, { readonly: true, fileMustExist: true });
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
  let last = Date.now();
  const pause = async () => {
    if (Date.now() - last < 20) return;
    await new Promise((r) => setTimeout(r, 5));
    last = Date.now();
  };
  const out = await fitFromSource(src, { ...(input.maxSeeds ? { maxSeeds: input.maxSeeds } : {}), pause });
  parentPort!.postMessage({ ok: true, out, heapUsed: process.memoryUsage().heapUsed });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  db.close();
}
