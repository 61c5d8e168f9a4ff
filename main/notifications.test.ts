import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FakeBrowserWindow, FakeNotification, resetFake } from './fake-electron.js';
import { createNotifier } from './notifications.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

describe('native notifications', () => {
  beforeEach(resetFake);

  it('shows a notification whose click focuses the window and opens the customer', () => {
    const win = new FakeBrowserWindow({});
    win.minimized = true;
    const notifier = createNotifier({ getWindow: () => win as unknown as BrowserWindow });
    expect(notifier.notify({ title: 'Incoming call', body: 'Ada Lovelace (+1 415 555 0100)', customerId: 'cus_42' })).toEqual({ shown: true });
    const n = FakeNotification.instances[0]!;
    expect(n.options).toMatchObject({ title: 'Incoming call', body: 'Ada Lovelace (+1 415 555 0100)' });
    expect(n.show).toHaveBeenCalledOnce();
    expect(win.webContents.send).not.toHaveBeenCalled();

    n.emit('click');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(win.webContents.send).toHaveBeenCalledExactlyOnceWith('app:open-customer', { customerId: 'cus_42' });
  });

  it('only focuses when the notification names no customer', () => {
    const win = new FakeBrowserWindow({});
    createNotifier({ getWindow: () => win as unknown as BrowserWindow }).notify({ title: 'Hub', body: 'reconnected' });
    FakeNotification.instances[0]!.emit('click');
    expect(win.focus).toHaveBeenCalled();
    expect(win.webContents.send).not.toHaveBeenCalled();
  });

  it('survives a click after the window is gone', () => {
    createNotifier({ getWindow: () => null }).notify({ title: 't', body: 'b', customerId: 'c1' });
    expect(() => FakeNotification.instances[0]!.emit('click')).not.toThrow();
  });

  it('reports shown:false where notifications are unsupported', () => {
    FakeNotification.isSupported.mockReturnValue(false);
    expect(createNotifier({ getWindow: () => null }).notify({ title: 't', body: 'b' })).toEqual({ shown: false });
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('rate-limits a busy feed', () => {
    let t = 0;
    const notifier = createNotifier({ getWindow: () => null, maxPerWindow: 2, windowMs: 1000, now: () => t });
    expect(notifier.notify({ title: 'a', body: '' }).shown).toBe(true);
    expect(notifier.notify({ title: 'b', body: '' }).shown).toBe(true);
    expect(notifier.notify({ title: 'c', body: '' }).shown).toBe(false);
    t = 1000;
    expect(notifier.notify({ title: 'd', body: '' }).shown).toBe(true);
    expect(FakeNotification.instances.map((n) => n.options.title)).toEqual(['a', 'b', 'd']);
  });
});
