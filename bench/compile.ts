import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Compiles a bench child (and the hub code it imports) to one plain ESM file, dependencies left
 * as imports, like the packaged app's build: memory can then be measured without tsx's loader.
 * Written under node_modules/.cache so bare imports resolve to the project's node_modules.
 */
export async function compileChild(script: string): Promise<string> {
  // esbuild ships with tsx and electron-vite; imported lazily so only the rss bench needs it.
  const { build } = await import('esbuild');
  const outfile = join(root, 'node_modules', '.cache', 'omni-bench', script.replace(/\.ts$/, '.mjs'));
  mkdirSync(dirname(outfile), { recursive: true });
  await build({ entryPoints: [join(root, 'bench', script)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'error' });
  return outfile;
}
