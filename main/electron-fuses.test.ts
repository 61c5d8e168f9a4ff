import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { PlatformPackager } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

/*
 * The packaged app's Electron fuses, read the way `electron-builder` reads them: its own config loader
 * (electron-builder.yml or package.json `build`), its schema check (a misspelled key fails), and the
 * fuse wire it would flip (so a key electron-builder ignores cannot pass).
 */

const PROJECT = dirname(dirname(fileURLToPath(import.meta.url)));

describe('Electron fuses in the electron-builder configuration', () => {
  it('turns off Node entry points and only runs integrity-checked code from app.asar', async () => {
    const config = await getConfig(PROJECT, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toBeDefined();

    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: unknown): Promise<Record<string | number, unknown>> }).generateFuseConfig;
    const wire = await generate.call(null, config.electronFuses);
    expect(wire['version']).toBe(FuseVersion.V1);
    const expected: [FuseV1Options, boolean, string][] = [
      [FuseV1Options.RunAsNode, false, 'ELECTRON_RUN_AS_NODE must not turn the app into a Node shell'],
      [FuseV1Options.EnableCookieEncryption, true, 'cookies encrypted at rest'],
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false, 'NODE_OPTIONS ignored'],
      [FuseV1Options.EnableNodeCliInspectArguments, false, '--inspect ignored'],
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true, 'app.asar integrity checked'],
      [FuseV1Options.OnlyLoadAppFromAsar, true, 'code only from app.asar'],
      [FuseV1Options.GrantFileProtocolExtraPrivileges, false, 'file:// gets no extra privileges'],
    ];
    for (const [fuse, value, why] of expected) expect(wire[fuse], `${FuseV1Options[fuse]}: ${why}`).toBe(value);
  });
});
