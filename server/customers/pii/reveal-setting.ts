import { DEFAULT_REVEAL_MS } from './pii-access.js';

/** OMNI_PII_REVEAL_SECONDS: how long a reveal lasts (30 s .. 1 h, default 300); a bad value stops the hub at start. */
export function revealMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['OMNI_PII_REVEAL_SECONDS']?.trim();
  if (raw === undefined || raw === '') return DEFAULT_REVEAL_MS;
  const s = Number(raw);
  if (!Number.isInteger(s) || s < 30 || s > 3600) throw new Error(`OMNI_PII_REVEAL_SECONDS must be a whole number of seconds between 30 and 3600 (got "${raw}")`);
  return s * 1000;
}
