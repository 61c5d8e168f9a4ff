import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBuiltRenderer } from './renderer-dir.js';

const root = mkdtempSync(join(tmpdir(), 'omni-renderer-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A checkout laid out like the real one after `npm run build`, at `<root>/<name>`. */
function checkout(name: string, built = true): string {
  const repo = join(root, name);
  const files = ['package.json', 'server/config.ts', 'renderer/index.html', 'out/main/hub.js', 'out/main/index.js', 'out/main/chunks/config-zNvaY-ed.js', 'out/preload/preload.cjs'];
  if (built) files.push('out/renderer/index.html', 'out/renderer/assets/index-bD5xF71t.js');
  for (const f of files) {
    mkdirSync(dirname(join(repo, f)), { recursive: true });
    writeFileSync(join(repo, f), '');
  }
  return repo;
}

describe('findBuiltRenderer', () => {
  it('finds out/renderer from every place the hub code runs: chunk, entry, source, packaged app', () => {
    const repo = checkout('repo');
    expect(findBuiltRenderer(join(repo, 'out/main/chunks'))).toBe(join(repo, 'out/renderer'));
    expect(findBuiltRenderer(join(repo, 'out/main'))).toBe(join(repo, 'out/renderer'));
    expect(findBuiltRenderer(join(repo, 'server'))).toBe(join(repo, 'out/renderer'));
    const asar = join(root, 'app/resources/app.asar');
    for (const f of ['out/main/chunks/config-x.js', 'out/renderer/index.html']) {
      mkdirSync(dirname(join(asar, f)), { recursive: true });
      writeFileSync(join(asar, f), '');
    }
    expect(findBuiltRenderer(join(asar, 'out/main/chunks'))).toBe(join(asar, 'out/renderer'));
  });

  it('does not depend on the working directory', () => {
    const repo = checkout('cwd-free');
    const before = process.cwd();
    try {
      process.chdir(tmpdir());
      expect(findBuiltRenderer(join(repo, 'out/main/chunks'))).toBe(join(repo, 'out/renderer'));
    } finally {
      process.chdir(before);
    }
  });

  it('an unbuilt checkout has no console (the vite source renderer/index.html is not one)', () => {
    const repo = checkout('unbuilt', false);
    const insideRoot = (p: string) => p.startsWith(root) && existsSync(p); // whatever lies above the temp dir is not ours
    expect(findBuiltRenderer(join(repo, 'server'), insideRoot)).toBeUndefined();
    expect(findBuiltRenderer(join(repo, 'out/main/chunks'), insideRoot)).toBeUndefined();
  });
});
