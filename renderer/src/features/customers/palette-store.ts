import { create } from 'zustand';

/** Whether the command palette is open (the open customer and its filter live in the URL; server data in react-query). */
interface PaletteState {
  paletteOpen: boolean;
  setPaletteOpen(open: boolean): void;
  reset(): void;
}

export const usePalette = create<PaletteState>()((set) => ({
  paletteOpen: false,
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  reset: () => set({ paletteOpen: false }),
}));
