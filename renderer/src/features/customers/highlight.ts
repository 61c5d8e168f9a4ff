import { create } from 'zustand';

/** Timeline events a hovered action reason points at; timeline items read this to highlight themselves. */
interface HighlightState {
  ids: ReadonlySet<string>;
  highlight(ids: readonly string[]): void;
  clear(): void;
}

const EMPTY: ReadonlySet<string> = new Set();

export const useHighlight = create<HighlightState>()((set) => ({
  ids: EMPTY,
  highlight: (ids) => set({ ids: new Set(ids) }),
  clear: () => set({ ids: EMPTY }),
}));

/** True while a hovered reason links to this event. */
export function useIsHighlighted(eventId: string): boolean {
  return useHighlight((s) => s.ids.has(eventId));
}
