import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceText, valueImportGraph } from './import-graph.js';

/*
 * The PostgreSQL + Redis pass (.ci/run, `npm run test:pg`) reruns only the test files that can behave
 * differently there: those whose value imports reach something that reads DATABASE_URL or REDIS_URL (the
 * hub's config, the test stores, the hub-process harness) or opens a database or a Redis client. A pure
 * scorer or schema test runs the same code on both passes, so running it twice proves nothing.
 */

/** Text that marks a file as choosing or opening a backend. */
const BACKEND_MARKERS = ['DATABASE_URL', 'REDIS_URL', 'databaseUrl', 'openDatabase', 'openSqlite', 'openPostgres'];
/** Packages that are a backend client. */
const BACKEND_PACKAGES = ['pg', 'redis', 'ioredis', '@socket.io/redis-streams-adapter', 'better-sqlite3'];

function testFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFilesUnder(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

export function touchesBackend(testFile: string): boolean {
  const { files, packages } = valueImportGraph([testFile]);
  if (BACKEND_PACKAGES.some((p) => packages.has(p))) return true;
  for (const file of files) {
    const text = sourceText(file);
    if (BACKEND_MARKERS.some((m) => text.includes(m))) return true;
  }
  return false;
}

/** Test files under `dir` (relative to `root`) that the PostgreSQL pass runs, sorted. */
export function backendTestFiles(root: string, dir = 'server'): string[] {
  return testFilesUnder(join(root, dir))
    .filter(touchesBackend)
    .map((f) => relative(root, f))
    .sort();
}
