// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_HEARTBEAT_MS } from '../../../shared/index.js';
import { connectLive, type LiveHandlers } from './connection.js';

/** A stand-in socket: records what the console emits; the test fires connect / disconnect itself. */
function fakeSocket() {
  const listeners = new Map<string, ((...a: unknown[]) => void)[]>();
  const sent: string[] = [];
  const socket = {
    connected: false,
    active: true,
    on(ev: string, fn: (...a: unknown[]) => void) {
      listeners.set(ev, [...(listeners.get(ev) ?? []), fn]);
      return socket;
    },
    emit(ev: string) {
      sent.push(ev);
      return socket;
    },
    timeout: () => socket,
    removeAllListeners: () => listeners.clear(),
    disconnect: () => socket,
    connect: () => socket,
    fire(ev: string, ...a: unknown[]) {
      socket.connected = ev === 'connect' ? true : ev === 'disconnect' ? false : socket.connected;
      for (const fn of listeners.get(ev) ?? []) fn(...a);
    },
  };
  return { socket, sent };
}

const handlers: LiveHandlers = { status: () => {}, watching: () => {}, unauthorized: () => {} };

afterEach(() => void vi.useRealTimers());

describe('presence heartbeat', () => {
  it('is sent on connect and every PRESENCE_HEARTBEAT_MS while connected, never while disconnected or after close', () => {
    vi.useFakeTimers();
    const { socket, sent } = fakeSocket();
    const beats = () => sent.filter((e) => e === 'presence:heartbeat').length;
    const live = connectLive({ hubUrl: 'http://hub', token: 't', handlers, sinceSeq: () => undefined, ioFactory: () => socket as never });
    vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS * 3);
    expect(beats()).toBe(0);

    socket.fire('connect');
    expect(beats()).toBe(1);
    vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS * 2);
    expect(beats()).toBe(3);

    socket.fire('disconnect', 'transport close');
    vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS * 3);
    expect(beats()).toBe(3);

    // A reconnect starts one timer again, not a second one beside the first.
    socket.fire('connect');
    vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS);
    expect(beats()).toBe(5);

    live.close();
    vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS * 3);
    expect(beats()).toBe(5);
  });
});
