import { useEffect } from 'react';
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

/*
 * The counter's idle lock (shared terminals): after the session idle timeout without a touch or key the
 * counter locks and shows nothing of the customer until the password is given again. Kept in
 * sessionStorage so a reload does not unlock it.
 */
interface LockState {
  locked: boolean;
  lock(): void;
  unlock(): void;
}

export const useCounterLock = create<LockState>()(
  persist((set) => ({ locked: false, lock: () => set({ locked: true }), unlock: () => set({ locked: false }) }), {
    name: 'omni.counter.lock',
    storage: createJSONStorage(() => sessionStorage),
  }),
);

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Locks after `seconds` without activity (any touch, click or key on the page). */
export function useIdleLock(seconds: number | undefined): void {
  const lock = useCounterLock((s) => s.lock);
  const locked = useCounterLock((s) => s.locked);
  useEffect(() => {
    if (!seconds || locked) return;
    let timer = window.setTimeout(lock, seconds * 1000);
    const onActivity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, seconds * 1000);
    };
    for (const e of ACTIVITY) window.addEventListener(e, onActivity, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [seconds, locked, lock]);
}
