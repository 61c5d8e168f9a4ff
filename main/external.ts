import { shell } from 'electron';
import { OPEN_EXTERNAL_ALLOWLIST } from '../shared/ipc.js';

const ALLOWED_ORIGINS: ReadonlySet<string> = new Set(OPEN_EXTERNAL_ALLOWLIST.map((u) => new URL(u).origin));

/**
 * True only for https URLs on an allowlisted origin. Anything else (http, file:, custom schemes, lookalike hosts,
 * embedded credentials) could launch arbitrary handlers on the user's machine, so it never reaches the shell.
 */
export function isExternalAllowed(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  return ALLOWED_ORIGINS.has(url.origin);
}

/** Opens the URL in the user's browser when allowlisted; returns whether it did. */
export async function openExternalIfAllowed(raw: string): Promise<boolean> {
  if (!isExternalAllowed(raw)) return false;
  await shell.openExternal(new URL(raw).href);
  return true;
}
