import { describe, expect, it } from 'vitest';
import { roomKind, rooms } from './rooms.js';

describe('room names', () => {
  it('names one room per kind and reads the kind back', () => {
    expect([rooms.customer('c1'), rooms.user('u1'), rooms.session('s1'), rooms.team('t1'), rooms.queue('q1')]).toEqual(['customer:c1', 'user:u1', 'session:s1', 'team:t1', 'queue:q1']);
    expect(roomKind(rooms.queue('q:with:colons'))).toBe('queue');
    expect(roomKind('customer:cus_1')).toBe('customer');
  });

  it('is null for rooms we never issue (e.g. socket.io’s per-socket room)', () => {
    for (const room of ['', 'Xk2hd9sA', ':x', 'room:1', 'customer']) expect(roomKind(room), room).toBeNull();
  });
});
