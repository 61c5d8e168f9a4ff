import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { IpcRenderer } from 'electron';
import { createBridge } from './bridge.js';

function fakeIpc(answers: Record<string, unknown>) {
  const emitter = new EventEmitter();
  const invoke = vi.fn(async (channel: string, ..._args: unknown[]) => answers[channel]);
  const ipc = {
    invoke,
    on: (ch: string, l: (...a: unknown[]) => void) => emitter.on(ch, l),
    removeListener: (ch: string, l: (...a: unknown[]) => void) => emitter.removeListener(ch, l),
  } as unknown as Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;
  return { ipc, invoke, emitter };
}

describe('preload bridge', () => {
  it('invokes the shared channels and returns validated answers', async () => {
    const { ipc, invoke } = fakeIpc({
      'app:get-info': { hubUrl: 'http://127.0.0.1:4100', platform: 'linux', version: '0.1.0', desktop: true },
      'app:notify': { shown: true },
      'app:open-external': { opened: false },
    });
    const omni = createBridge(ipc);
    await expect(omni.getInfo()).resolves.toEqual({ hubUrl: 'http://127.0.0.1:4100', platform: 'linux', version: '0.1.0', desktop: true });
    await expect(omni.notify({ title: 't', body: 'b', customerId: 'c1' })).resolves.toEqual({ shown: true });
    await expect(omni.openExternal('https://admin.shopify.com/')).resolves.toEqual({ opened: false });
    expect(invoke.mock.calls).toEqual([['app:get-info'], ['app:notify', { title: 't', body: 'b', customerId: 'c1' }], ['app:open-external', { url: 'https://admin.shopify.com/' }]]);
  });

  it('rejects answers that break the contract', async () => {
    const { ipc } = fakeIpc({ 'app:get-info': { hubUrl: 'javascript-not-a-url', desktop: true }, 'app:notify': null });
    const omni = createBridge(ipc);
    await expect(omni.getInfo()).rejects.toThrow(/malformed app:get-info/);
    await expect(omni.notify({ title: 't', body: 'b' })).rejects.toThrow(/malformed app:notify/);
  });

  it('delivers valid open-customer events without the IPC event, drops bad ones, and unsubscribes', () => {
    const { ipc, emitter } = fakeIpc({});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const omni = createBridge(ipc);
    const seen: unknown[][] = [];
    const off = omni.onOpenCustomer((...args: unknown[]) => seen.push(args));
    const ipcEvent = { sender: { secret: true } };
    emitter.emit('app:open-customer', ipcEvent, { customerId: 'cus_1' });
    emitter.emit('app:open-customer', ipcEvent, { customerId: '' });
    emitter.emit('app:open-customer', ipcEvent, 'cus_2');
    expect(seen).toEqual([[{ customerId: 'cus_1' }]]);
    expect(warn).toHaveBeenCalledTimes(2);
    off();
    emitter.emit('app:open-customer', ipcEvent, { customerId: 'cus_3' });
    expect(seen).toHaveLength(1);
    expect(emitter.listenerCount('app:open-customer')).toBe(0);
    warn.mockRestore();
  });

  it('refuses a non-function callback', () => {
    const omni = createBridge(fakeIpc({}).ipc);
    expect(() => omni.onOpenCustomer('x' as unknown as () => void)).toThrow(TypeError);
  });
});
