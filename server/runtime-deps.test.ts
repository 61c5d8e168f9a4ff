import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

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
// Value imports only: `import type` / `export type` vanish at build time.
const VALUE_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec).replace(/\.(js|jsx|mjs)$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every package a bundle entry reaches through value imports of our own files, with one file that imports it. */
export function runtimePackages(entries: readonly string[]): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const stack = entries.map((e) => join(ROOT, e));
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(VALUE_IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const local = resolveLocal(file, spec);
        if (local) stack.push(local);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        const name = packageName(spec);
        if (!packages.has(name)) packages.set(name, file.slice(ROOT.length + 1));
      }
    }
  }
  return packages;
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
