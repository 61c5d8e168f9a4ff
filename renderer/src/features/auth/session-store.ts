import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { User } from '../../../../shared/index.js';

/** The signed-in agent. Kept in sessionStorage: it survives a reload, not a closed window. */
interface SessionState {
  token: string | null;
  user: User | null;
  /** Signed in with a one-time password: nothing but the set-password screen works until a new one is chosen. */
  passwordChangeRequired: boolean;
  signIn(token: string, user: User, passwordChangeRequired?: boolean): void;
  passwordChanged(): void;
  signOut(): void;
}

export const useSession = create<SessionState>()(
  persist(
    (set) => ({
      token: null,
      user: null,
      passwordChangeRequired: false,
      signIn: (token, user, passwordChangeRequired = false) => set({ token, user, passwordChangeRequired }),
      passwordChanged: () => set({ passwordChangeRequired: false }),
      signOut: () => set({ token: null, user: null, passwordChangeRequired: false }),
    }),
    {
      name: 'omni.session',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (s) => ({ token: s.token, user: s.user, passwordChangeRequired: s.passwordChangeRequired }),
    },
  ),
);
