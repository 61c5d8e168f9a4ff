import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/** The inbox view the agent had open (kept for the session, so back from a conversation lands there). */
interface InboxState {
  viewKey: string;
  setViewKey(k: string): void;
  reset(): void;
}

export const useInboxStore = create<InboxState>()(
  persist(
    (set) => ({
      viewKey: 'mine',
      setViewKey: (viewKey) => set({ viewKey }),
      reset: () => set({ viewKey: 'mine' }),
    }),
    { name: 'omni.inbox', storage: createJSONStorage(() => sessionStorage) },
  ),
);
