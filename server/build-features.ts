import type { AnyFeatureModule, ServiceRegistry, WiringContext } from './feature-module.js';

/** Names the domain itself uses: a module providing one of them would shadow it. */
const RESERVED = new Set(['dialect', 'database', 'events', 'features', 'bootstrap', 'close']);

export interface BuiltServices {
  /** Every module's services merged into one registry (the domain's ports and the features' services). */
  registry: ServiceRegistry;
  /** What each module's factory returned, by module name (for its routes and socket handlers). */
  byModule: ReadonlyMap<string, object>;
  /** Runs the modules' onClose hooks, later modules first (a later feature may use an earlier one). */
  close(): Promise<void>;
}

/**
 * Builds every module's services in list order. A module gets exactly the services it `needs`, which
 * an earlier module must have built (else a wiring error naming both): no lazy lookups, no cycles.
 * On a failed build the hooks registered so far still run, so nothing is left open.
 */
export async function buildFeatures(modules: readonly AnyFeatureModule[], base: Omit<WiringContext, 'services' | 'onClose'>): Promise<BuiltServices> {
  const registry: Record<string, unknown> = {};
  const byModule = new Map<string, object>();
  const hooks: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const hook of hooks.splice(0).reverse()) await hook();
  };
  try {
    for (const m of modules) {
      if (!m.services) continue;
      const services: Record<string, unknown> = {};
      for (const need of m.needs ?? []) {
        if (!(need in registry)) throw new Error(`module "${m.name}" needs "${need}", which no module before it in MODULES provides`);
        services[need] = registry[need];
      }
      const built = await m.services({ ...base, services: services as unknown as ServiceRegistry, onClose: (fn) => void hooks.push(fn) });
      for (const [name, service] of Object.entries(built)) {
        if (RESERVED.has(name)) throw new Error(`module "${m.name}" provides "${name}", a name the domain itself uses`);
        if (name in registry) throw new Error(`module "${m.name}" provides "${name}", which an earlier module already provides`);
        registry[name] = service;
      }
      byModule.set(m.name, built);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { registry: registry as unknown as ServiceRegistry, byModule, close };
}
