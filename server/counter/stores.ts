import type { CounterStore } from '../../shared/index.js';

/*
 * The stores a counter can check customers into: OMNI_COUNTER_STORES="SF-UNION=Union Square;NYC-5TH=Fifth Avenue".
 * Unset: no list, and each terminal names its store once (the counter remembers it).
 */
export function storesFromEnv(raw: string | undefined = process.env['OMNI_COUNTER_STORES']): CounterStore[] {
  if (!raw) return [];
  const out: CounterStore[] = [];
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    const id = (eq > 0 ? part.slice(0, eq) : part).trim();
    const name = (eq > 0 ? part.slice(eq + 1) : part).trim();
    if (id && name && id.length <= 64 && !out.some((s) => s.id === id)) out.push({ id, name: name.slice(0, 120) });
  }
  return out;
}
