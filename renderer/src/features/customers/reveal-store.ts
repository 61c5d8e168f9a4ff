import { create } from 'zustand';

/*
 * Bumped when the user reveals a customer's contact details: the console re-sends `customer:watch` for
 * that customer so the hub moves this socket to the full-values room (live items then arrive unmasked).
 */
interface RevealState {
  epoch: Record<string, number>;
  revealed(customerId: string): void;
  reset(): void;
}

export const useReveals = create<RevealState>()((set) => ({
  epoch: {},
  revealed: (customerId) => set((s) => ({ epoch: { ...s.epoch, [customerId]: (s.epoch[customerId] ?? 0) + 1 } })),
  reset: () => set({ epoch: {} }),
}));
