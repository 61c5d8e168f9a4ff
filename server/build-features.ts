import type { FeatureServices, WiringContext } from './feature-module.js';
import { MODULES } from './modules.js';

/** Builds every module's own services in list order; `close` closes them in reverse (a later feature may use an earlier one). */
export function buildFeatures(ctx: WiringContext): { services: ReadonlyMap<string, FeatureServices>; close(): Promise<void> } {
  const services = new Map<string, FeatureServices>();
  for (const m of MODULES) if (m.services) services.set(m.name, m.services(ctx));
  return {
    services,
    async close() {
      for (const s of [...services.values()].reverse()) await s.close?.();
    },
  };
}
