import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { User } from '../../../../shared/index.js';

/** The signed-in agent. Kept in sessionStorage: it survives a reload, not a closed window. */
interface SessionState {
  token: string | null;
  user: User | null;
  signIn(token: string, user: User): void;
  signOut(): void;
}

export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      token: null,
      user: null,
      signIn: (token, user) => set({ token, user }),
      signOut: () => set({ token: null, user: null }),
    }),
    { name: 'omni.session', storage: createJSONStorage(() => sessionStorage), partialize: (s) => ({ token: s.token, user: s.user }) },
  ),
);
