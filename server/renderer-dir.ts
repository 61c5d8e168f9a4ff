import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The built console (`out/renderer`, holding index.html) nearest above `moduleDir`, the folder of
 * the running module. Works wherever the hub runs from and whatever the cwd: the source layout
 * (`server/` -> `<repo>/out/renderer`), the built hub (`out/main/hub.js`, `out/main/chunks/*.js`)
 * and a packaged app (`app.asar/out/main`). The vite source `renderer/index.html` is not a build.
 */
export function findBuiltRenderer(moduleDir: string, exists: (path: string) => boolean = existsSync): string | undefined {
  for (let dir = moduleDir; ; dir = dirname(dir)) {
    if (basename(dir) === 'out' && exists(join(dir, 'renderer', 'index.html'))) return join(dir, 'renderer');
    if (exists(join(dir, 'out', 'renderer', 'index.html'))) return join(dir, 'out', 'renderer');
    if (dirname(dir) === dir) return undefined;
  }
}
