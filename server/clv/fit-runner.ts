import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FitJobOutput } from './fit-job.js';
import type { WorkerInput } from './fit-worker.js';

/*
 * Runs a fit in a worker thread so the hub's event loop never waits on it. The worker file is found
 * beside this module: fit-worker.ts under tsx/vitest (loaded with tsx's loader), or the bundled
 * clv-fit-worker.js next to the hub bundle (electron.vite.config.ts builds it).
 */

export interface FitRun {
  out: FitJobOutput;
  /** Process RSS peak the worker saw while it ran (threads share the process's RSS). */
  peakRssBytes: number;
  workerHeapUsedBytes: number;
  durationMs: number;
}

/** Source file (tsx, vitest): a tiny eval'd bootstrap registers tsx in the worker, then imports it. Bundle: the built file. */
function workerEntry(): { url: URL | string; eval?: boolean } {
  const ts = new URL('./fit-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) {
    const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
    return { url: `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`, eval: true };
  }
  for (const rel of ['./clv-fit-worker.js', '../clv-fit-worker.js']) {
    const js = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(js))) return { url: js };
  }
  throw new Error(`customer-value fit worker not found beside ${fileURLToPath(import.meta.url)} (expected fit-worker.ts or clv-fit-worker.js)`);
}

/** The better-sqlite3 or pg entry the worker loads (resolved here: the worker may run from a bundle). */
export const sqliteDriverPath = () => createRequire(import.meta.url).resolve('better-sqlite3');
export const pgDriverPath = () => createRequire(import.meta.url).resolve('pg');

/** `signal` aborts the fit: the worker is terminated (hub shutdown). */
export function runFitInWorker(input: WorkerInput, signal?: AbortSignal): Promise<FitRun> {
  const started = performance.now();
  const entry = workerEntry();
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.url, {
      workerData: input,
      ...(entry.eval ? { eval: true } : {}),
    });
    let settled = false;
    const abort = () => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(new Error('customer-value fit aborted'));
    };
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (msg: { ok: true; out: FitJobOutput; peakRss: number; heapUsed: number } | { ok: false; error: string }) => {
      settled = true;
      void worker.terminate();
      if (msg.ok) resolve({ out: msg.out, peakRssBytes: msg.peakRss, workerHeapUsedBytes: msg.heapUsed, durationMs: performance.now() - started });
      else reject(new Error(`customer-value fit failed: ${msg.error}`));
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`customer-value fit worker exited with code ${code} before answering`));
      settled = true;
    });
  });
}
