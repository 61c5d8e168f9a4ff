import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/*
 * Our own files a module reaches through value imports (`import type` / `export type` vanish at build
 * time), and the packages they import. Static and regex-based: enough for the bundle's dependency check
 * (server/runtime-deps.test.ts) and for choosing the PostgreSQL pass's files (backend-tests.ts).
 */

const VALUE_IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportGraph {
  /** Absolute paths of our files reached, the entries included. */
  files: Set<string>;
  /** Package name -> one of our files (absolute) that imports it. */
  packages: Map<string, string>;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec).replace(/\.(js|jsx|mjs)$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Reads each file once per process: the PG pass's lister walks ~200 test files over one shared tree. */
const texts = new Map<string, string>();
export function sourceText(file: string): string {
  let text = texts.get(file);
  if (text === undefined) texts.set(file, (text = readFileSync(file, 'utf8')));
  return text;
}

export function valueImportGraph(entries: readonly string[]): ImportGraph {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const stack = [...entries];
  while (stack.length) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const m of sourceText(file).matchAll(VALUE_IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const local = resolveLocal(file, spec);
        if (local) stack.push(local);
      } else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) {
        const name = packageName(spec);
        if (!packages.has(name)) packages.set(name, file);
      }
    }
  }
  return { files, packages };
}
