import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The key sealing TOTP secrets when OMNI_TOTP_KEY is unset: a random key in `<data dir>/totp.key`
 * (owner-only), kept apart from the database so a database copy alone cannot make codes. Several hubs
 * on one PostgreSQL must share one key: set the same OMNI_TOTP_KEY on each.
 */
export function totpKeyFile(dataDir: string): string {
  const path = join(dataDir, 'totp.key');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32).toString('base64url');
  try {
    // 'wx': a second hub starting on the same data dir at the same moment keeps the first one's key.
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw err;
  }
}
