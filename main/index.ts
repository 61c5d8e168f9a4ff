// Electron main: composition only. Each concern lives in its own module next to this file.
import { app, dialog, ipcMain, screen, session, type BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepLinkInArgs, registerDeepLinks } from './deep-link.js';
import { openExternalIfAllowed } from './external.js';
import { startHubHost, type HubHandle } from './hub-host.js';
import { registerIpc } from './ipc.js';
import { createNotifier } from './notifications.js';
import { installAppGuards, installCsp, installPermissionPolicy } from './security.js';
import { claimSingleInstance } from './single-instance.js';
import { createMainWindow, focusWindow } from './window.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
export const PRELOAD_PATH = join(here, '../preload/preload.cjs');
export const RENDERER_DIR = join(here, '../renderer');

let win: BrowserWindow | null = null;
let hub: HubHandle | null = null;

/** Work areas with the primary display first (window-state falls back to it). */
function workAreas() {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

/** A deep link that arrived before the window (or the hub) was ready: opened once it is. */
let pendingRoute: string | null = deepLinkInArgs(process.argv);
let currentHubUrl: string | null = null;

/** Shows a console route (validated by deep-link.ts) in the window, bringing it to the front. */
function openRoute(route: string): void {
  if (!win || !currentHubUrl) {
    pendingRoute = route;
    return;
  }
  focusWindow(win);
  win.loadURL(`${currentHubUrl}/#${route}`).catch(() => undefined);
}

function openWindow(hubUrl: string): void {
  const userData = app.getPath('userData');
  win = createMainWindow({ preloadPath: PRELOAD_PATH, state: loadWindowState(userData, workAreas()) });
  trackWindowState(win, userData);
  win.on('closed', () => {
    win = null;
  });
  // Loaded from the hub itself so the console's same-origin API and socket calls just work.
  const route = pendingRoute;
  pendingRoute = null;
  win.loadURL(route ? `${hubUrl}/#${route}` : `${hubUrl}/`).catch((err: unknown) => {
    dialog.showErrorBox('Omni Console', `Could not load the console from ${hubUrl}: ${err instanceof Error ? err.message : String(err)}`);
  });
}

function stopHubOnQuit(): void {
  let stopping = false;
  app.on('will-quit', (event) => {
    if (!hub || stopping) return;
    stopping = true;
    event.preventDefault();
    const h = hub;
    hub = null;
    h.close()
      .catch((err: unknown) => console.error('omni: hub did not stop cleanly:', err))
      .finally(() => app.quit());
  });
}

export async function main(): Promise<void> {
  let fromArgs: (argv: readonly string[]) => void = () => undefined;
  if (
    !claimSingleInstance(app, (argv) => {
      focusWindow(win);
      fromArgs(argv);
    })
  )
    return;
  fromArgs = registerDeepLinks(app, process.argv, openRoute).fromArgs;
  app.enableSandbox();
  app.setAppUserModelId('dev.omniconsole.app');
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  stopHubOnQuit();
  await app.whenReady();

  try {
    hub = await startHubHost({ env: process.env, userDataDir: app.getPath('userData'), rendererDir: RENDERER_DIR });
  } catch (err) {
    dialog.showErrorBox('Omni Console could not start its hub', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  const hubUrl = hub.url;
  currentHubUrl = hubUrl;
  const appOrigin = new URL(hubUrl).origin;

  installAppGuards(app, appOrigin, openExternalIfAllowed);
  installCsp(session.defaultSession, appOrigin);
  installPermissionPolicy(session.defaultSession, appOrigin);

  const notifier = createNotifier({ getWindow: () => win });
  registerIpc(
    ipcMain,
    {
      'app:get-info': () => ({ hubUrl, platform: process.platform, version: app.getVersion(), desktop: true as const }),
      'app:notify': (req) => notifier.notify(req),
      'app:open-external': async ({ url }) => ({ opened: await openExternalIfAllowed(url) }),
    },
    { appOrigin, getWindow: () => win },
  );

  openWindow(hubUrl);
  app.on('activate', () => {
    if (!win) openWindow(hubUrl);
    else focusWindow(win);
  });

  if (hub.firstRun) {
    const { adminEmail, password } = hub.firstRun;
    console.log(`omni: first run — sign in as ${adminEmail} with password ${password}`);
    void dialog.showMessageBox({
      type: 'info',
      title: 'Omni Console',
      message: 'Your console is ready',
      detail: `Sign in as ${adminEmail}\nPassword: ${password}\n\nThis password is shown once. Set OMNI_ADMIN_PASSWORD to choose your own.`,
    });
  }
}

void main();
