import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_INVOKE, type IpcInvokeChannel, type IpcRequest, type IpcResponse } from '../shared/ipc.js';

/** One handler per invoke channel of shared/ipc.ts; the compiler insists none is missing. */
export type IpcHandlers = {
  [C in IpcInvokeChannel]: (req: IpcRequest<C>, event: IpcMainInvokeEvent) => IpcResponse<C> | Promise<IpcResponse<C>>;
};

export interface SenderPolicy {
  /** Origin the renderer is served from (the hub), e.g. http://127.0.0.1:4100. */
  appOrigin: string;
  /** Our console window; IPC from any other webContents is refused. */
  getWindow(): BrowserWindow | null;
}

/** Why a call was refused; the message reaches the renderer as the rejection reason. */
export class IpcRejected extends Error {
  override readonly name = 'IpcRejected';
}

/**
 * Only the top frame of our own window, showing our own origin, may call main. This shuts out iframes
 * (the email viewer), other windows and anything that managed to navigate elsewhere.
 */
export function checkSender(event: IpcMainInvokeEvent, policy: SenderPolicy): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'sender frame is gone';
  const win = policy.getWindow();
  if (!win || win.isDestroyed() || event.sender !== win.webContents) return 'sender is not the console window';
  if (frame.parent !== null) return 'sender is not the main frame';
  let origin: string;
  try {
    origin = new URL(frame.url).origin;
  } catch {
    return 'sender URL is invalid';
  }
  if (origin !== policy.appOrigin) return `sender origin ${origin} is not the app`;
  return null;
}

/** Registers `ipcMain.handle` for every channel: sender check, zod-parse the request, run, zod-check the answer. */
export function registerIpc(ipcMain: IpcMain, handlers: IpcHandlers, policy: SenderPolicy): () => void {
  const channels = Object.keys(IPC_INVOKE) as IpcInvokeChannel[];
  for (const channel of channels) {
    const schema = IPC_INVOKE[channel];
    const handler = handlers[channel] as (req: unknown, event: IpcMainInvokeEvent) => unknown;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const refused = checkSender(event, policy);
      if (refused) throw new IpcRejected(`${channel}: ${refused}`);
      if (args.length > 1) throw new IpcRejected(`${channel}: expected at most one argument`);
      const req = schema.request.safeParse(args[0]);
      if (!req.success) {
        const issues = req.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
        throw new IpcRejected(`${channel}: invalid request: ${issues}`);
      }
      return schema.response.parse(await handler(req.data, event));
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}
