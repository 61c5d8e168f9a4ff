import { Notification, type BrowserWindow } from 'electron';
import { OpenCustomerEventSchema, type NotifyRequest } from '../shared/ipc.js';
import { focusWindow } from './window.js';

export interface NotifierOptions {
  getWindow(): BrowserWindow | null;
  /** At most this many notifications per `windowMs` (the live feed can be busy; the OS tray should not be). */
  maxPerWindow?: number;
  windowMs?: number;
  now?: () => number;
}

export interface Notifier {
  notify(req: NotifyRequest): { shown: boolean };
}

/**
 * Native notifications for events on customers the agent watches. Clicking one brings the console forward
 * and tells the renderer to open that customer (`app:open-customer`).
 */
export function createNotifier(opts: NotifierOptions): Notifier {
  const max = opts.maxPerWindow ?? 5;
  const windowMs = opts.windowMs ?? 10_000;
  const now = opts.now ?? Date.now;
  let recent: number[] = [];
  // Electron may garbage-collect a Notification (and drop its click handler) unless we hold on to it.
  const live = new Set<Notification>();

  return {
    notify(req) {
      if (!Notification.isSupported()) return { shown: false };
      const t = now();
      recent = recent.filter((at) => t - at < windowMs);
      if (recent.length >= max) return { shown: false };
      recent.push(t);

      const n = new Notification({ title: req.title, body: req.body, silent: false });
      live.add(n);
      const forget = () => live.delete(n);
      n.on('close', forget);
      n.on('click', () => {
        forget();
        const win = opts.getWindow();
        focusWindow(win);
        const payload = OpenCustomerEventSchema.safeParse({ customerId: req.customerId });
        if (payload.success && win && !win.isDestroyed()) win.webContents.send('app:open-customer', payload.data);
      });
      n.show();
      return { shown: true };
    },
  };
}
