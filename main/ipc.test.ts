import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, IpcMain } from 'electron';
import { IPC_INVOKE } from '../shared/ipc.js';
import { FakeBrowserWindow, FakeWebContents, fake, resetFake } from './fake-electron.js';
import { registerIpc, type IpcHandlers } from './ipc.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const APP = 'http://127.0.0.1:4100';
const { ipcMain } = await import('electron');

function setup() {
  const win = new FakeBrowserWindow({});
  const handlers = {
    'app:get-info': vi.fn(() => ({ hubUrl: APP, platform: 'linux', version: '0.1.0', desktop: true as const })),
    'app:notify': vi.fn(() => ({ shown: true })),
    'app:open-external': vi.fn(() => ({ opened: false })),
  };
  const unregister = registerIpc(ipcMain as unknown as IpcMain, handlers as IpcHandlers, { appOrigin: APP, getWindow: () => win as unknown as BrowserWindow });
  const ownFrame = { url: `${APP}/`, parent: null };
  const call = (channel: string, frame: unknown, ...args: unknown[]) => {
    const handle = fake.ipcHandlers.get(channel)!;
    return (handle as (...a: unknown[]) => Promise<unknown>)({ sender: win.webContents, senderFrame: frame }, ...args);
  };
  return { win, handlers, unregister, ownFrame, call };
}

describe('IPC handlers', () => {
  beforeEach(resetFake);

  it('registers exactly the channels of shared/ipc.ts, and unregisters them', () => {
    const { unregister } = setup();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.keys(IPC_INVOKE).sort());
    unregister();
    expect(fake.ipcHandlers.size).toBe(0);
  });

  it('answers the app’s own main frame with a validated request', async () => {
    const { call, ownFrame, handlers } = setup();
    await expect(call('app:get-info', ownFrame)).resolves.toMatchObject({ hubUrl: APP, desktop: true });
    await expect(call('app:notify', ownFrame, { title: 'New call', body: 'Ada Lovelace', customerId: 'c1' })).resolves.toEqual({ shown: true });
    expect(handlers['app:notify']).toHaveBeenCalledWith({ title: 'New call', body: 'Ada Lovelace', customerId: 'c1' }, expect.anything());
  });

  it('rejects a sender frame from a foreign origin', async () => {
    const { call, handlers } = setup();
    await expect(call('app:open-external', { url: 'https://evil.example/', parent: null }, { url: 'https://admin.shopify.com/' })).rejects.toThrow(/origin https:\/\/evil.example is not the app/);
    await expect(call('app:get-info', { url: 'http://127.0.0.1:4101/', parent: null })).rejects.toThrow(/not the app/);
    expect(handlers['app:open-external']).not.toHaveBeenCalled();
    expect(handlers['app:get-info']).not.toHaveBeenCalled();
  });

  it('rejects subframes (e.g. the email iframe), vanished frames and other windows', async () => {
    const { call, win, handlers } = setup();
    await expect(call('app:get-info', { url: `${APP}/`, parent: { url: `${APP}/` } })).rejects.toThrow(/not the main frame/);
    await expect(call('app:get-info', null)).rejects.toThrow(/frame is gone/);
    const other = new FakeWebContents();
    const handle = fake.ipcHandlers.get('app:get-info') as (...a: unknown[]) => Promise<unknown>;
    await expect(handle({ sender: other, senderFrame: { url: `${APP}/`, parent: null } })).rejects.toThrow(/not the console window/);
    win.destroyed = true;
    await expect(call('app:get-info', { url: `${APP}/`, parent: null })).rejects.toThrow(/not the console window/);
    expect(handlers['app:get-info']).not.toHaveBeenCalled();
  });

  it('rejects bad payloads naming the field, without calling the handler', async () => {
    const { call, ownFrame, handlers } = setup();
    await expect(call('app:notify', ownFrame, { title: '', body: 'x' })).rejects.toThrow(/invalid request: title/);
    await expect(call('app:notify', ownFrame, { title: 'x', body: 42 })).rejects.toThrow(/body/);
    await expect(call('app:open-external', ownFrame, { url: 'not a url' })).rejects.toThrow(/invalid request: url/);
    await expect(call('app:open-external', ownFrame, 'https://admin.shopify.com/')).rejects.toThrow(/invalid request/);
    await expect(call('app:get-info', ownFrame, { sneaky: true })).rejects.toThrow(/invalid request/);
    await expect(call('app:notify', ownFrame, { title: 'x', body: 'y' }, 'extra')).rejects.toThrow(/at most one argument/);
    expect(handlers['app:notify']).not.toHaveBeenCalled();
    expect(handlers['app:open-external']).not.toHaveBeenCalled();
  });

  it('refuses to send a response that breaks the contract', async () => {
    const { call, ownFrame, handlers } = setup();
    handlers['app:notify'].mockReturnValueOnce({ shown: 'yes' } as unknown as { shown: boolean });
    await expect(call('app:notify', ownFrame, { title: 'x', body: 'y' })).rejects.toThrow();
  });
});
