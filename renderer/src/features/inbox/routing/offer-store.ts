import { create } from 'zustand';
import type { Presence as PresenceRecord } from '../../../../../shared/presence.js';
import { RoutingOfferEndedSchema, RoutingOfferSchema, type RoutingOffer } from './routing-adapter.js';

/** The offer on screen (the hub offers one conversation to one agent at a time) and everyone's presence. */
interface OfferState {
  offer: RoutingOffer | null;
  /** Presence by user id (`presence:updated`, `GET /api/v1/presence`); missing = offline. */
  presence: Record<string, PresenceRecord>;
  receive(raw: unknown): void;
  ended(raw: unknown): void;
  clear(offerId: string): void;
  setPresence(list: readonly PresenceRecord[]): void;
  reset(): void;
}

export const useOffer = create<OfferState>()((set) => ({
  offer: null,
  presence: {},
  receive: (raw) => {
    const o = RoutingOfferSchema.safeParse(raw);
    if (o.success) set({ offer: o.data });
  },
  ended: (raw) => {
    const e = RoutingOfferEndedSchema.safeParse(raw);
    if (e.success) set((s) => (s.offer?.offerId === e.data.offerId ? { offer: null } : s));
  },
  clear: (offerId) => set((s) => (s.offer?.offerId === offerId ? { offer: null } : s)),
  setPresence: (list) => set((s) => ({ presence: { ...s.presence, ...Object.fromEntries(list.map((p) => [p.userId, p])) } })),
  reset: () => set({ offer: null, presence: {} }),
}));

/** A desktop notification for an offer (Web Notification API; Electron shows it natively). Best effort. */
export function notifyOffer(offer: RoutingOffer): void {
  if (typeof Notification === 'undefined') return;
  const show = () => {
    try {
      const n = new Notification('New conversation for you', { body: [offer.customerName, offer.subject].filter(Boolean).join(': '), tag: offer.offerId });
      n.onclick = () => window.focus();
    } catch {
      // Some shells refuse notifications from the page: the toast is enough.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}
