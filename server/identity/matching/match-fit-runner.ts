import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MAX_IN_LIST, chunk } from '../../storage/batch.js';
import { blockMembers, type MatchDb } from './match-store.js';
import { fitFromSource, type FitResult, type FitSource } from './match-fit.js';
import type { MatchFitWorkerInput } from './match-fit-worker.js';

/*
 * Where a refit runs. A worker thread with its own read connection (SQLite read-only, or a PostgreSQL client in a
 * read-only transaction), match-fit-worker.ts beside this module under tsx/vitest, or match-fit-worker.js beside
 * the hub bundle: the hub's thread never walks the profiles. A build without the worker file: in the hub,
 * streaming through the database a page at a time.
 */

/** The worker entry, or null when neither the source nor the built worker is beside this module. */
function workerEntry(): { url: URL | string; eval?: boolean } | null {
  const ts = new URL('./match-fit-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) {
    const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    return { url: `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`, eval: true };
  }
  for (const rel of ['./match-fit-worker.js', '../match-fit-worker.js']) {
    const js = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(js))) return { url: js };
  }
  return null;
}

export const canFitInWorker = () => workerEntry() !== null;

export function fitInWorker(input: Omit<MatchFitWorkerInput, 'driver'>, signal?: AbortSignal): Promise<FitResult> {
  const entry = workerEntry();
  if (!entry) return Promise.reject(new Error('match fit worker not found'));
  const workerInput: MatchFitWorkerInput = { ...input, driver: createRequire(import.meta.url).resolve(input.databaseUrl ? 'pg' : 'better-sqlite3') };
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.url, { workerData: workerInput, ...(entry.eval ? { eval: true } : {}) });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
      fn();
    };
    const abort = () => settle(() => reject(new Error('match fit aborted')));
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (msg: { ok: true; out: FitResult } | { ok: false; error: string }) =>
      settle(() => (msg.ok ? resolve(msg.out) : reject(new Error(`match fit failed: ${msg.error}`)))),
    );
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`match fit worker exited with code ${code} before answering`))));
  });
}

/** The same fit over the hub's own connection, yielding to the event loop between pages. */
export function fitInProcess(db: MatchDb, opts: { maxSeeds?: number; signal?: AbortSignal } = {}): Promise<FitResult> {
  const src: FitSource = {
    profileCount: async () => Number((await db.selectFrom('match_profiles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0),
    profilesAfter: (afterId, limit) => db.selectFrom('match_profiles').select(['customer_id as id', 'record']).where('customer_id', '>', afterId).orderBy('customer_id').limit(limit).execute(),
    members: (keys, limit) => blockMembers(db, keys, limit),
    records: async (ids) => {
      const out = new Map<string, string>();
      for (const part of chunk([...ids], MAX_IN_LIST)) {
        for (const r of await db.selectFrom('match_profiles').select(['customer_id', 'record']).where('customer_id', 'in', part).execute()) out.set(r.customer_id, r.record);
      }
      return out;
    },
  };
  const pause = async () => {
    if (opts.signal?.aborted) throw new Error('match fit aborted');
    await new Promise((r) => setImmediate(r));
  };
  return fitFromSource(src, { ...(opts.maxSeeds ? { maxSeeds: opts.maxSeeds } : {}), pause });
}
