import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { valueImportGraph } from './testing/import-graph.js';

/*
 * The main bundle externalizes `dependencies` only (electron.vite.config.ts, externalizeDeps): a package the
 * hub reaches at run time but that is listed under devDependencies gets bundled instead, and a CommonJS
 * package bundled into ESM can break the built hub at start (smtp-server, used by the demo's SMTP sink,
 * made `node out/main/hub.js --demo` fail on a directory import of nodemailer/lib/shared while every
 * tsx-run test passed). So: walk the value imports from each bundle entry and require every package
 * they reach to be a runtime dependency.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['main/index.ts', 'server/cli.ts', 'server/clv/fit-worker.ts', 'server/identity/matching/match-fit-worker.ts'];

/** Every package a bundle entry reaches through value imports of our own files, with one file that imports it. */
function runtimePackages(entries: readonly string[]): Map<string, string> {
  const { packages } = valueImportGraph(entries.map((e) => join(ROOT, e)));
  return new Map([...packages].map(([name, file]) => [name, file.slice(ROOT.length + 1)]));
}

describe('runtime dependencies of the main bundle', () => {
  it('every package the hub, the desktop main process and their workers import is a runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const found = runtimePackages(ENTRIES);
    // Sanity: the walk really reaches the hub's packages (a broken walk would pass vacuously).
    expect([...found.keys()]).toEqual(expect.arrayContaining(['fastify', 'socket.io', 'kysely', 'better-sqlite3', 'nodemailer', 'smtp-server']));
    // electron is provided by the desktop runtime itself.
    const missing = [...found].filter(([name]) => name !== 'electron' && !(name in pkg.dependencies)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(missing).toEqual([]);
  });
});
