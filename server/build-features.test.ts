import { describe, expect, it } from 'vitest';
import { buildFeatures } from './build-features.js';
import type { AnyFeatureModule, WiringContext } from './feature-module.js';

/* The wiring loop on stand-in modules: list order, exactly the declared needs, reverse close. */
const base = {} as Omit<WiringContext, 'services' | 'onClose'>;
const mod = (m: { name: string; needs?: string[]; services?: (ctx: { services: Record<string, unknown>; onClose(fn: () => void): void }) => object }) => m as unknown as AnyFeatureModule;

describe('buildFeatures', () => {
  it('builds in list order, gives each module exactly what it needs, and closes later modules first', async () => {
    const log: string[] = [];
    const seen: Record<string, unknown>[] = [];
    const built = await buildFeatures(
      [
        mod({ name: 'a', services: ({ onClose }) => (onClose(() => void log.push('close a')), { alpha: 'A' }) }),
        mod({ name: 'b', services: () => ({ beta: 'B' }) }),
        mod({ name: 'c', needs: ['alpha'], services: ({ services, onClose }) => (seen.push(services), onClose(() => void log.push('close c')), { gamma: `${String(services.alpha)}C` }) }),
        mod({ name: 'routes-only' }),
      ],
      base,
    );
    expect(seen).toEqual([{ alpha: 'A' }]);
    expect(built.registry).toEqual({ alpha: 'A', beta: 'B', gamma: 'AC' });
    expect([...built.byModule.keys()]).toEqual(['a', 'b', 'c']);
    expect(built.byModule.get('c')).toEqual({ gamma: 'AC' });
    await built.close();
    await built.close();
    expect(log).toEqual(['close c', 'close a']);
  });

  it('refuses a need no earlier module provides, closing what it already built', async () => {
    const log: string[] = [];
    const modules = [
      mod({ name: 'a', services: ({ onClose }) => (onClose(() => void log.push('close a')), { alpha: 1 }) }),
      mod({ name: 'c', needs: ['beta'], services: () => ({ gamma: 1 }) }),
      mod({ name: 'b', services: () => ({ beta: 1 }) }),
    ];
    await expect(buildFeatures(modules, base)).rejects.toThrow('module "c" needs "beta", which no module before it in MODULES provides');
    expect(log).toEqual(['close a']);
  });

  it('refuses a service name provided twice or reserved by the domain', async () => {
    await expect(buildFeatures([mod({ name: 'a', services: () => ({ x: 1 }) }), mod({ name: 'b', services: () => ({ x: 2 }) })], base)).rejects.toThrow(
      'module "b" provides "x", which an earlier module already provides',
    );
    await expect(buildFeatures([mod({ name: 'a', services: () => ({ events: 1 }) })], base)).rejects.toThrow('module "a" provides "events", a name the domain itself uses');
  });
});
