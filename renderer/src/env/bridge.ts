import type { OmniBridge } from '../../../shared/index.js';

declare global {
  interface Window {
    /** The Electron preload bridge; absent when the console runs in a normal browser. */
    omni?: OmniBridge;
  }
}

export function getBridge(): OmniBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.omni;
}

/** Electron: the hub main started (or `OMNI_HUB_URL`). Browser: the hub served this page. */
export async function resolveHubUrl(): Promise<string> {
  const bridge = getBridge();
  if (bridge) return (await bridge.getInfo()).hubUrl.replace(/\/+$/, '');
  return window.location.origin;
}

/** Opens an http(s) link outside the app: through main's allowlist in Electron, a new tab otherwise. */
export function openExternal(url: string): void {
  if (!/^https?:\/\//i.test(url)) return;
  const bridge = getBridge();
  if (bridge) void bridge.openExternal(url).catch(() => undefined);
  else window.open(url, '_blank', 'noopener,noreferrer');
}
