import { describe, expect, it } from 'vitest';
import { panPaths } from './pan.js';

describe('panPaths', () => {
  it('names each field holding a full card number, in document order, skipping product codes', () => {
    const body = { payment: { note: 'card 4111 1111 1111 1111' }, lines: [{ title: 'Mug' }, { title: 'x 4000-0566-5566-5556', sku: '4006381333931' }], total: 4242424242424242, barcode: '4111111111111111' };
    expect(panPaths(body)).toEqual(['payment.note', 'lines[1].title', 'total']);
    expect(panPaths('4111111111111111')).toEqual(['(body)']);
    expect(panPaths({ ok: '4111 1111' })).toEqual([]);
  });
  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    const depth = 100_000;
    const deep: unknown = JSON.parse(`${'['.repeat(depth)}"4111111111111111"${']'.repeat(depth)}`);
    const [path] = panPaths(deep);
    expect(path).toBe('[0]'.repeat(depth));
    const objects: unknown = JSON.parse(`${'{"a":'.repeat(depth)}"no card"${'}'.repeat(depth)}`);
    expect(panPaths(objects)).toEqual([]);
  });
});
