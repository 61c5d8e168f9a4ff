import type { CounterStore } from '../../../../shared/index.js';

/* The store this terminal stands in, chosen once (from the hub's list, or named) and remembered on the device. */

const KEY = 'omni.counter.store';

export function rememberedStore(): CounterStore | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (raw && typeof raw === 'object' && typeof (raw as CounterStore).id === 'string' && typeof (raw as CounterStore).name === 'string') return raw as CounterStore;
  } catch {
    // Unreadable: choose again.
  }
  return null;
}

export function rememberStore(store: CounterStore): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(store));
  } catch {
    // Storage disabled: asked again next time.
  }
}

/** A store named by hand gets an id from its name: `Union Square` -> `union-square`. */
export function storeFromName(name: string): CounterStore {
  const trimmed = name.trim().slice(0, 120);
  const id = trimmed.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'store';
  return { id, name: trimmed };
}
