// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { combineLiveHandlers, type FeatureLiveHandlers, type LiveContext } from './live-registry.js';

const ctx: LiveContext = { qc: new QueryClient(), view: () => ({ customerId: 'c1', channels: [] }), follow: () => undefined };

describe('combineLiveHandlers', () => {
  it('runs every feature’s handler for an event, in list order, with the context; events nobody handles are not subscribed', () => {
    const log: string[] = [];
    const a: FeatureLiveHandlers = { 'customer:merged': (e, c) => log.push(`a:${e.fromId}>${e.intoId}:${c.view().customerId}`) };
    const b: FeatureLiveHandlers = {
      'customer:merged': (e) => log.push(`b:${e.intoId}`),
      'actions:updated': (e) => log.push(`b-actions:${e.customerId}`),
      watching: (id, ack) => log.push(`b-watching:${id}:${ack.ok}`),
    };
    const combined = combineLiveHandlers([a, b], ctx);
    combined.events['customer:merged']!({ fromId: 'x', intoId: 'y' });
    combined.events['actions:updated']!({ customerId: 'c1' } as never);
    combined.watching('c1', { ok: true, customerId: 'c1' });
    expect(log).toEqual(['a:x>y:c1', 'b:y', 'b-actions:c1', 'b-watching:c1:true']);
    expect(combined.events['timeline:item']).toBeUndefined();
    expect(Object.keys(combined.events).sort()).toEqual(['actions:updated', 'customer:merged']);
  });
});
