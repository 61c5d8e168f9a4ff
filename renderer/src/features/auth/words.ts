import type { Role } from '../../../../shared/index.js';

/** A role as people say it (the console never shows the enum value). */
export const ROLE_WORDS: Readonly<Record<Role, string>> = {
  admin: 'Administrator',
  lead: 'Team lead',
  agent: 'Agent',
  associate: 'Store associate',
};

/** "Chrome on Windows", "Omni Console app on macOS", or "Unknown browser" from a User-Agent header. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown browser';
  const app = /Electron\//.test(ua) ? 'Omni Console app' : /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux|X11/.test(ua) ? 'Linux' : null;
  if (!app) return os ? `A program on ${os}` : 'Unknown browser';
  return os ? `${app} on ${os}` : app;
}
