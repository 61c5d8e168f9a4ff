import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles a bench child (and the hub code it imports) to plain ESM, dependencies left as imports,
 * like the packaged app's build: memory can then be measured without tsx's loader. Code splitting
 * keeps the hub's dynamic imports (demo data, faker, optional drivers) lazy, as the app's rollup
 * build does; without it they would be hoisted into the entry and loaded at startup.
 * Written under node_modules/.cache so bare imports resolve to the project's node_modules.
 */
export async function compileChild(script: string): Promise<string> {
  // esbuild ships with tsx and electron-vite; imported lazily so only the rss bench needs it.
  const { build } = await import('esbuild');
  const outdir = join(root, 'node_modules', '.cache', 'omni-bench', script.replace(/\.ts$/, ''));
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(root, 'bench', script)],
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return join(outdir, script.replace(/\.ts$/, '.mjs'));
}
