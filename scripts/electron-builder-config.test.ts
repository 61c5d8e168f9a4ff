import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder.yml loaded and schema-validated by electron-builder's own code (no packaging, no downloads).
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, path: string | null, extra: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema and packages what the app needs', async () => {
    const config = await getConfig(process.cwd(), null, null);
    const asWritten = structuredClone(config); // validation normalizes (e.g. wraps `files` in filters)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(asWritten).toMatchObject({
      appId: 'dev.omniconsole.app',
      productName: 'Omni Console',
      directories: { output: 'release/' },
      npmRebuild: true,
      linux: { target: ['AppImage', 'deb'], category: 'Office' },
      mac: { target: ['dmg'], category: 'public.app-category.business' },
      win: { target: ['nsis'] },
    });
    // getConfig already wraps `files` as [{ filter: [...] }]
    expect(JSON.stringify(asWritten['files'])).toBe(JSON.stringify([{ filter: ['out/**', 'package.json'] }]));
    expect(asWritten['asarUnpack']).toContain('**/node_modules/better-sqlite3/**');
  });
});
