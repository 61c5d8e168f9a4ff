import { describe, expect, it } from 'vitest';
import type { MergeRecord } from '../../shared/index.js';
import { DomainEventBus } from './bus.js';

const merge = (id: string) => ({ id, fromId: `f${id}`, intoId: `i${id}` }) as MergeRecord;

describe('DomainEventBus', () => {
  it('delivers to subscribers in subscription order, synchronously for sync handlers', () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    bus.subscribe('a', { 'customer.merged': (m) => void seen.push(`a:${m.id}`) });
    bus.subscribe('b', { 'customer.merged': (m) => void seen.push(`b:${m.id}`), 'customer.split': (s) => void seen.push(`b:split:${s.mergeId}`) });
    bus.publish('customer.merged', merge('1'));
    bus.publish('customer.split', { mergeId: '1', restoredId: 'r', fromId: 'f' });
    expect(seen).toEqual(['a:1', 'b:1', 'b:split:1']);
  });

  it('never throws into the publisher: a failing subscriber goes to onError and the others still receive', async () => {
    const errors: { err: unknown; subscriber: string; event: string | null }[] = [];
    const bus = new DomainEventBus({ onError: (err, where) => errors.push({ err, ...where }) });
    const seen: string[] = [];
    bus.subscribe('throws', { 'customer.merged': () => { throw new Error('sync boom'); } });
    bus.subscribe('rejects', { 'customer.merged': async () => { throw new Error('async boom'); } });
    bus.subscribe('fine', { 'customer.merged': (m) => void seen.push(m.id) });
    expect(() => bus.publish('customer.merged', merge('1'))).not.toThrow();
    await bus.idle();
    expect(seen).toEqual(['1']);
    expect(errors.map((e) => [e.subscriber, e.event, (e.err as Error).message])).toEqual([
      ['throws', 'customer.merged', 'sync boom'],
      ['rejects', 'customer.merged', 'async boom'],
    ]);
    bus.reportError(new Error('publisher side'));
    expect(errors.at(-1)).toMatchObject({ subscriber: 'publisher', event: null });
  });

  it('an async subscriber sees its facts one at a time in publish order, without holding others back', async () => {
    const bus = new DomainEventBus();
    const slow: string[] = [];
    const fast: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    bus.subscribe('slow', {
      'customer.merged': async (m) => {
        slow.push(`start:${m.id}`);
        if (m.id === '1') await gate;
        slow.push(`end:${m.id}`);
      },
      'customer.split': (s) => void slow.push(`split:${s.mergeId}`),
    });
    bus.subscribe('fast', { 'customer.merged': (m) => void fast.push(m.id) });
    bus.publish('customer.merged', merge('1'));
    bus.publish('customer.split', { mergeId: '9', restoredId: 'r', fromId: 'f' });
    bus.publish('customer.merged', merge('2'));
    expect(fast).toEqual(['1', '2']);
    expect(slow).toEqual(['start:1']);
    release();
    await bus.idle();
    expect(slow).toEqual(['start:1', 'end:1', 'split:9', 'start:2', 'end:2']);
  });

  it('unsubscribe stops delivery, also of facts already queued behind an async handler', async () => {
    const bus = new DomainEventBus();
    const seen: string[] = [];
    const stop = bus.subscribe('s', {
      'customer.merged': async (m) => {
        seen.push(m.id);
        await Promise.resolve();
      },
    });
    bus.publish('customer.merged', merge('1'));
    bus.publish('customer.merged', merge('2'));
    stop();
    bus.publish('customer.merged', merge('3'));
    await bus.idle();
    expect(seen).toEqual(['1']);
  });
});
