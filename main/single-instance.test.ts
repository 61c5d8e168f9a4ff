import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App, BrowserWindow } from 'electron';
import { FakeBrowserWindow, fake, resetFake } from './fake-electron.js';
import { claimSingleInstance } from './single-instance.js';
import { focusWindow } from './window.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const app = fake.app as unknown as App;

describe('single instance', () => {
  beforeEach(resetFake);

  it('the second instance quits without starting anything', () => {
    fake.app.requestSingleInstanceLock.mockReturnValue(false);
    const onSecond = vi.fn();
    expect(claimSingleInstance(app, onSecond)).toBe(false);
    expect(fake.app.quit).toHaveBeenCalledOnce();
    expect(fake.app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance comes to the front when a second one starts', () => {
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    expect(claimSingleInstance(app, () => focusWindow(win as unknown as BrowserWindow))).toBe(true);
    expect(fake.app.quit).not.toHaveBeenCalled();
    fake.app.emit('second-instance', {}, ['electron', '.'], '/home/agent');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalledOnce();
  });
});
