import type { App } from 'electron';

/**
 * One console per user: a second launch hands over to the first (which comes to the front) and quits.
 * Returns false in the second instance; the caller must not start anything then.
 */
export function claimSingleInstance(app: App, onSecondInstance: (argv: readonly string[]) => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  // The second launch's argv may carry an omni:// link (main/deep-link.ts) to open here.
  app.on('second-instance', (_event, argv) => onSecondInstance(Array.isArray(argv) ? argv : []));
  return true;
}
