// @vitest-environment node
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The renderer's inner layering, which eslint's layer rules (renderer/ vs server/ vs main/) do not see:
 * the live layer and the generic widgets know no feature; features know no app shell; and a feature
 * uses another only through its public modules (keys, navigation, hooks, api), never its components.
 */

const SRC = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Every relative import of a file, as a path under src/ (e.g. `features/customers/keys.js`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => relative(SRC, resolve(dirname(file), m[1]!)).split('\\').join('/'));
}

function violations(fromDir: string, forbidden: (target: string, file: string) => boolean): string[] {
  return sourceFiles(join(SRC, fromDir)).flatMap((f) => importsOf(f).filter((t) => forbidden(t, relative(SRC, f))).map((t) => `${relative(SRC, f)} -> ${t}`));
}

const featureOf = (p: string) => /^features\/([^/]+)\//.exec(p)?.[1];

describe('renderer layering', () => {
  it('the live layer imports no feature and no app code (features register their handlers)', () => {
    expect(violations('live', (t) => t.startsWith('features/') || t.startsWith('app/'))).toEqual([]);
  });

  it('generic widgets (ui/) and the fetch core (api/) know no feature', () => {
    expect(violations('ui', (t) => t.startsWith('features/') || t.startsWith('app/'))).toEqual([]);
    expect(violations('api', (t) => t.startsWith('features/') || t.startsWith('app/'))).toEqual([]);
  });

  it('features never import the app shell, nor another feature’s components', () => {
    expect(violations('features', (t) => t.startsWith('app/'))).toEqual([]);
    expect(violations('features', (t, f) => featureOf(t) !== undefined && featureOf(t) !== featureOf(f) && t.includes('/components/'))).toEqual([]);
  });

  it('finds a forbidden import when there is one (the check can fail)', () => {
    expect(importsOf(join(SRC, 'app/ConsoleLayout.tsx'))).toContain('features/customers/components/CommandPalette.js');
  });
});
