import { create } from 'zustand';
import type { Channel } from '../../../shared/index.js';

export type LiveStatus = 'connecting' | 'connected' | 'reconnecting';

export interface Arrival {
  id: string;
  customerId: string;
  channel: Channel;
  text: string;
  /** False when the item went nowhere visible (filtered out, or older than the loaded pages). */
  inserted: boolean;
}

/** Socket state and the recent live arrivals (for the flash, the aria-live announcement and e2e signals). */
interface LiveState {
  status: LiveStatus;
  /** The customer the hub has acknowledged watching (live updates guaranteed from then on). */
  watching: string | null;
  arrivals: Arrival[];
  announcement: string;
  setStatus(s: LiveStatus): void;
  setWatching(id: string | null): void;
  arrived(a: Arrival): void;
  forget(id: string): void;
  reset(): void;
}

export const useLive = create<LiveState>()((set) => ({
  status: 'connecting',
  watching: null,
  arrivals: [],
  announcement: '',
  setStatus: (status) => set(status === 'connected' ? { status } : { status, watching: null }),
  setWatching: (watching) => set({ watching }),
  arrived: (a) => set((s) => ({ arrivals: [...s.arrivals.slice(-19), a], announcement: a.text })),
  forget: (id) => set((s) => ({ arrivals: s.arrivals.filter((a) => a.id !== id) })),
  reset: () => set({ status: 'connecting', watching: null, arrivals: [], announcement: '' }),
}));
