import { z } from 'zod';

/*
 * The one map of Electron IPC channels. Main validates every request with `request`,
 * the preload validates every response/event with `response`/`payload`. Renderer code only sees `OmniBridge`.
 */

export const AppInfoSchema = z.object({
  hubUrl: z.string().url(),
  platform: z.string(),
  version: z.string(),
  desktop: z.literal(true),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const NotifyRequestSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  customerId: z.string().min(1).max(64).optional(),
});
export type NotifyRequest = z.infer<typeof NotifyRequestSchema>;

export const OpenExternalRequestSchema = z.object({ url: z.string().url().max(2048) });
export type OpenExternalRequest = z.infer<typeof OpenExternalRequestSchema>;

export const OpenCustomerEventSchema = z.object({ customerId: z.string().min(1).max(64) });
export type OpenCustomerEvent = z.infer<typeof OpenCustomerEventSchema>;

/** invoke/handle channels: renderer -> main, with a response. */
export const IPC_INVOKE = {
  'app:get-info': { request: z.undefined(), response: AppInfoSchema },
  'app:notify': { request: NotifyRequestSchema, response: z.object({ shown: z.boolean() }) },
  'app:open-external': { request: OpenExternalRequestSchema, response: z.object({ opened: z.boolean() }) },
} as const;
export type IpcInvokeChannel = keyof typeof IPC_INVOKE;
export type IpcRequest<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE)[C]['request']>;
export type IpcResponse<C extends IpcInvokeChannel> = z.infer<(typeof IPC_INVOKE)[C]['response']>;

/** send channels: main -> renderer. */
export const IPC_EVENTS = {
  /** A native notification was clicked: open that customer. */
  'app:open-customer': OpenCustomerEventSchema,
} as const;
export type IpcEventChannel = keyof typeof IPC_EVENTS;
export type IpcEventPayload<C extends IpcEventChannel> = z.infer<(typeof IPC_EVENTS)[C]>;

/** What the preload exposes as `window.omni`. Absent in the browser console. */
export interface OmniBridge {
  getInfo(): Promise<AppInfo>;
  notify(req: NotifyRequest): Promise<{ shown: boolean }>;
  openExternal(url: string): Promise<{ opened: boolean }>;
  /** Returns an unsubscribe function. */
  onOpenCustomer(cb: (e: OpenCustomerEvent) => void): () => void;
}

/** Hosts `openExternal` may open; everything else is refused by main. */
export const OPEN_EXTERNAL_ALLOWLIST = ['https://api.twilio.com', 'https://admin.shopify.com', 'https://help.omni-console.dev'] as const;
