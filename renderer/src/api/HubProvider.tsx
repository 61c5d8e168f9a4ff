import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { HubFetch } from './hub-fetch.js';

const HubContext = createContext<HubFetch | null>(null);

export function HubProvider({ hub, children }: { hub: HubFetch; children: ReactNode }) {
  return <HubContext.Provider value={hub}>{children}</HubContext.Provider>;
}

export function useHub(): HubFetch {
  const h = useContext(HubContext);
  if (!h) throw new Error('useHub outside HubProvider');
  return h;
}

/** A feature's api module bound to the hub; `create` must be a module-level function (stable identity). */
export function useFeatureApi<T>(create: (hub: HubFetch) => T): T {
  const hub = useHub();
  return useMemo(() => create(hub), [hub, create]);
}
