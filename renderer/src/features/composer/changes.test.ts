import { describe, expect, it } from 'vitest';
import { changesSince, snapshotOf } from './changes.js';

const reply = (id: string, createdBy: string, createdAt = '2026-12-03T10:05:00.000Z') => ({ id, createdBy, createdAt });

describe('changed since you started writing', () => {
  const start = snapshotOf({ lastCustomerMessageAt: '2026-12-03T10:00:00.000Z' }, [reply('obx_1', 'u-me')]);

  it('nothing new is no change, and my own replies never count', () => {
    expect(changesSince(start, { lastCustomerMessageAt: '2026-12-03T10:00:00.000Z' }, [reply('obx_1', 'u-me'), reply('obx_2', 'u-me')], 'u-me')).toEqual([]);
  });

  it('a newer customer message and a colleague’s reply are both told', () => {
    const changes = changesSince(start, { lastCustomerMessageAt: '2026-12-03T10:07:00.000Z' }, [reply('obx_1', 'u-me'), reply('obx_3', 'u-grace')], 'u-me');
    expect(changes).toEqual([
      { kind: 'customer', by: null, at: '2026-12-03T10:07:00.000Z' },
      { kind: 'reply', by: 'u-grace', at: '2026-12-03T10:05:00.000Z' },
    ]);
  });

  it('the first customer message on a conversation that had none counts', () => {
    const empty = snapshotOf({ lastCustomerMessageAt: null }, []);
    expect(changesSince(empty, { lastCustomerMessageAt: '2026-12-03T10:07:00.000Z' }, [], 'u-me').map((c) => c.kind)).toEqual(['customer']);
  });
});
