import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { totpKeyFile } from './totp-key-file.js';

/* OMNI_REQUIRE_2FA and OMNI_TOTP_KEY as server/config.ts reads them, and the key file used when no key is set. */

describe('two-step sign-in configuration', () => {
  it('OMNI_REQUIRE_2FA: admin requires it for admins; off (or unset) requires nothing; anything else is refused by name', () => {
    expect(loadConfig({ OMNI_REQUIRE_2FA: 'admin' }, []).require2fa).toBe('admin');
    expect(loadConfig({ OMNI_REQUIRE_2FA: ' Admin ' }, []).require2fa).toBe('admin');
    expect(loadConfig({ OMNI_REQUIRE_2FA: 'off' }, []).require2fa).toBeUndefined();
    expect(loadConfig({}, []).require2fa).toBeUndefined();
    expect(loadConfig({}, ['--require-2fa', 'admin']).require2fa).toBe('admin');
    expect(() => loadConfig({ OMNI_REQUIRE_2FA: 'everyone' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ OMNI_REQUIRE_2FA: 'everyone' }, [])).toThrow(/^OMNI_REQUIRE_2FA must be admin/);
  });

  it('OMNI_TOTP_KEY must be long enough, and is never echoed', () => {
    expect(loadConfig({ OMNI_TOTP_KEY: 'k'.repeat(32) }, []).totpKey).toBe('k'.repeat(32));
    let message = '';
    try {
      loadConfig({ OMNI_TOTP_KEY: 'short-secret' }, []);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^OMNI_TOTP_KEY must be at least 16 characters/);
    expect(message).not.toContain('short-secret');
  });

  it('without OMNI_TOTP_KEY the hub keeps one key in the data dir, owner-only, the same on every start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omni-totp-key-'));
    try {
      const first = totpKeyFile(dir);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(totpKeyFile(dir)).toBe(first);
      if (process.platform !== 'win32') expect(statSync(join(dir, 'totp.key')).mode & 0o077).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
