import { describe, expect, it } from 'vitest';
import { benchConnectors } from './connectors-bench.js';

// A real hub process over HTTP at a tiny size: every delivery must be a 202 with a created item (else it throws). No timing assertions.
describe('connector bench (smoke size)', () => {
  it('delivers signed Shopify orders and MIME emails one at a time and with 8 in flight, reporting events/s', async () => {
    const r = await benchConnectors({ sequential: 5, concurrent: 24, concurrency: 8 });
    expect(r.rows.map((row) => row.connector)).toEqual(['shopify-orders', 'mime-email']);
    for (const row of r.rows) {
      expect(row.sequential).toMatchObject({ concurrency: 1, deliveries: 5 });
      expect(row.concurrent).toMatchObject({ concurrency: 8, deliveries: 24 });
      expect(row.concurrent.latency.n).toBe(24);
      expect(row.concurrent.eventsPerSecond).toBeGreaterThan(0);
    }
    expect(r.serverRssMB).toBeGreaterThan(0);
  }, 60_000);
});
