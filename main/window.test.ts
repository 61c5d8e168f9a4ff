import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FakeBrowserWindow, resetFake } from './fake-electron.js';
import { createMainWindow, focusWindow } from './window.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

describe('main window', () => {
  beforeEach(resetFake);

  it('uses secure webPreferences with our preload', () => {
    createMainWindow({ preloadPath: '/app/out/preload/preload.cjs', state: { width: 1200, height: 800, maximized: false } });
    const prefs = FakeBrowserWindow.instances[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('restores bounds and shows only when ready to show', () => {
    createMainWindow({ preloadPath: 'p', state: { x: 40, y: 50, width: 1200, height: 800, maximized: true } });
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options).toMatchObject({ x: 40, y: 50, width: 1200, height: 800, show: false });
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.maximize).toHaveBeenCalled();
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('lets the OS place a window without a saved position', () => {
    createMainWindow({ preloadPath: 'p', state: { width: 1000, height: 700, maximized: false } });
    expect(FakeBrowserWindow.instances[0]!.options).not.toHaveProperty('x');
  });

  it('focusWindow restores a minimized window and ignores a destroyed one', () => {
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    focusWindow(win as unknown as BrowserWindow);
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    const gone = new FakeBrowserWindow({});
    gone.destroyed = true;
    focusWindow(gone as unknown as BrowserWindow);
    expect(gone.focus).not.toHaveBeenCalled();
    expect(() => focusWindow(null)).not.toThrow();
  });
});
