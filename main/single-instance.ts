import type { App } from 'electron';

/**
 * One console per user: a second launch hands over to the first (which comes to the front) and quits.
 * Returns false in the second instance; the caller must not start anything then.
 */
export function claimSingleInstance(app: App, onSecondInstance: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => onSecondInstance());
  return true;
}
