import type { App, Session, WebContents } from 'electron';
import { isExternalAllowed } from './external.js';

/**
 * The renderer's Content-Security-Policy, enforced by Electron even if the hub (possibly remote) sends none.
 * Mirrors the hub's own policy: only our scripts, inline styles (virtualized rows), sandboxed about:srcdoc
 * email frames, sockets back to the hub only.
 */
export function buildCsp(appOrigin: string): string {
  const ws = appOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:", // remote email images, after the agent's click
    `connect-src 'self' ${ws}`,
    "frame-src 'self' about:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Same origin as the app (the hub that serves the renderer). */
export function isAppUrl(raw: string, appOrigin: string): boolean {
  try {
    return new URL(raw).origin === appOrigin;
  } catch {
    return false;
  }
}

/** Adds our CSP to every response from the app origin, replacing whatever the server sent (any header casing). */
export function installCsp(session: Session, appOrigin: string): void {
  const csp = buildCsp(appOrigin);
  // No URL filter: match patterns are fussy about ports; the origin check below is exact.
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, appOrigin)) {
      callback({});
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
}

/** Only notifications (from our own origin) are granted; camera, mic, geolocation, etc. are always refused. */
export function installPermissionPolicy(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = details.requestingUrl || contents.getURL();
    callback(permission === 'notifications' && isAppUrl(origin, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permission === 'notifications' && isAppUrl(requestingOrigin, appOrigin));
}

/**
 * Locks one webContents to the app: no navigation or redirect away from the app origin, no new windows
 * (allowlisted https links go to the system browser instead), no <webview>.
 */
export function hardenWebContents(contents: WebContents, appOrigin: string, openExternal: (url: string) => unknown): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalAllowed(url)) void Promise.resolve(openExternal(url)).catch(() => undefined);
    return { action: 'deny' };
  });
}

/** Applies `hardenWebContents` to every webContents the app ever creates, so nothing slips through. */
export function installAppGuards(app: App, appOrigin: string, openExternal: (url: string) => unknown): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin, openExternal));
}
