import { describe, expect, it } from 'vitest';
import { benchConnectors, renderConnectorBench } from './connectors-bench.js';

describe('connector bench (smoke size)', () => {
  it('delivers signed orders and MIME emails through the real edge and reports events/s', async () => {
    const r = await benchConnectors({ orders: 20, emails: 20 });
    expect(r.shopifyOrders.n).toBe(20);
    expect(r.emails.n).toBe(20);
    expect(r.shopifyOrders.perSecond).toBeGreaterThan(0);
    const md = renderConnectorBench(r);
    expect(md).toContain('| Shopify orders/create (HMAC verified) | 20 |');
    expect(md).toContain('<!-- connectors-bench:end -->');
  });
});
