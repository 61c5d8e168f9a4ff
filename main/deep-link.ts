import type { App } from 'electron';

/*
 * `omni://customers/cus_01J…` opens the console on that customer. The URL comes from anywhere (a mail, a
 * web page, another program), so it is validated strictly: only known screens, ids in the hub's id shape
 * (`<prefix>_<ULID>`), no query, no credentials, no port; anything else is ignored.
 */

export const PROTOCOL = 'omni';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';
/** Route shapes the console has (renderer/src/app/router.tsx, features' screens). */
const ROUTES: readonly RegExp[] = [
  new RegExp(`^/customers/cus_${ULID}$`),
  new RegExp(`^/conversations/cnv_${ULID}$`),
  /^\/(inbox|floor|counter|value)$/,
  /^\/$/,
];

/** `omni://customers/cus_…` -> `/customers/cus_…` (the console's hash route), or null when not one we open. */
export function deepLinkRoute(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 200) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${PROTOCOL}:` || url.username || url.password || url.port || url.search || url.hash) return null;
  // `omni://customers/x` parses with host `customers`; `omni:///customers/x` with an empty host.
  const path = `/${[url.host, ...url.pathname.split('/')].filter(Boolean).join('/')}`;
  if (/%|\.\./.test(path)) return null;
  return ROUTES.some((r) => r.test(path)) ? path : null;
}

/** The first valid deep link among a process's arguments (Windows/Linux pass it on the command line). */
export function deepLinkInArgs(argv: readonly string[]): string | null {
  for (const a of argv) {
    if (typeof a === 'string' && a.toLowerCase().startsWith(`${PROTOCOL}://`)) {
      const route = deepLinkRoute(a);
      if (route) return route;
    }
  }
  return null;
}

/**
 * Makes this app the handler of omni:// links and routes every way one can arrive to `open`:
 * macOS `open-url`; Windows/Linux start a second instance whose argv the single-instance lock hands over
 * (main/single-instance.ts calls `fromArgs`); and the argv of this very launch.
 */
export function registerDeepLinks(app: App, argv: readonly string[], open: (route: string) => void, defaultApp = Boolean(process.defaultApp)): { fromArgs: (argv: readonly string[]) => void } {
  // Started as `electron .` in development: register the script too, or the OS would launch bare Electron.
  if (defaultApp && argv[1]) app.setAsDefaultProtocolClient(PROTOCOL, process.execPath, [argv[1]]);
  else app.setAsDefaultProtocolClient(PROTOCOL);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const route = deepLinkRoute(url);
    if (route) open(route);
  });
  const fromArgs = (args: readonly string[]) => {
    const route = deepLinkInArgs(args);
    if (route) open(route);
  };
  return { fromArgs };
}
