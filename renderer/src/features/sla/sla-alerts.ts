import { create } from 'zustand';
import type { SlaAlert } from '../../../../shared/index.js';

/* SLA notices as they arrive on the socket (live handlers push, useSlaNotifications reads); the latest few. */

const KEEP = 20;

interface SlaAlertsState {
  alerts: SlaAlert[];
  push(alert: SlaAlert): void;
  reset(): void;
}

export const useSlaAlerts = create<SlaAlertsState>()((set) => ({
  alerts: [],
  push: (alert) => set((s) => ({ alerts: [...s.alerts, alert].slice(-KEEP) })),
  reset: () => set({ alerts: [] }),
}));
