import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { IPC_EVENTS, IPC_INVOKE, type IpcInvokeChannel, type IpcResponse, type OmniBridge, type OpenCustomerEvent } from '../shared/ipc.js';

/**
 * Builds `window.omni` over ipcRenderer. Every answer and event from main is zod-checked before the page sees it,
 * and the page never gets ipcRenderer itself or the raw IPC event (which would expose `sender`).
 */
export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): OmniBridge {
  async function invoke<C extends IpcInvokeChannel>(channel: C, ...args: unknown[]): Promise<IpcResponse<C>> {
    const raw: unknown = await ipc.invoke(channel, ...args);
    const parsed = IPC_INVOKE[channel].response.safeParse(raw);
    if (!parsed.success) throw new Error(`omni bridge: malformed ${channel} response`);
    return parsed.data as IpcResponse<C>;
  }

  return {
    getInfo: () => invoke('app:get-info'),
    notify: (req) => invoke('app:notify', req),
    openExternal: (url) => invoke('app:open-external', { url }),
    onOpenCustomer(cb: (e: OpenCustomerEvent) => void) {
      if (typeof cb !== 'function') throw new TypeError('onOpenCustomer needs a callback');
      const listener = (_event: IpcRendererEvent, payload: unknown) => {
        const parsed = IPC_EVENTS['app:open-customer'].safeParse(payload);
        if (parsed.success) cb(parsed.data);
        else console.warn('omni bridge: dropped malformed app:open-customer', parsed.error.issues);
      };
      ipc.on('app:open-customer', listener);
      return () => {
        ipc.removeListener('app:open-customer', listener);
      };
    },
  };
}
