import { create } from 'zustand';
import type { Channel } from '../../../shared/index.js';

/** What the agent is looking at: open customer, timeline filter, palette. Server data lives in react-query. */
interface UiState {
  customerId: string | null;
  /** Empty = all channels. */
  channels: Channel[];
  paletteOpen: boolean;
  openCustomer(id: string): void;
  /** Follows a merge or a redirect to the survivor without resetting the filter. */
  replaceCustomer(id: string): void;
  closeCustomer(): void;
  toggleChannel(c: Channel): void;
  clearChannels(): void;
  setPaletteOpen(open: boolean): void;
  reset(): void;
}

export const useUi = create<UiState>()((set) => ({
  customerId: null,
  channels: [],
  paletteOpen: false,
  openCustomer: (id) => set((s) => (s.customerId === id ? { paletteOpen: false } : { customerId: id, channels: [], paletteOpen: false })),
  replaceCustomer: (id) => set({ customerId: id }),
  closeCustomer: () => set({ customerId: null, channels: [] }),
  toggleChannel: (c) => set((s) => ({ channels: s.channels.includes(c) ? s.channels.filter((x) => x !== c) : [...s.channels, c] })),
  clearChannels: () => set({ channels: [] }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  reset: () => set({ customerId: null, channels: [], paletteOpen: false }),
}));
