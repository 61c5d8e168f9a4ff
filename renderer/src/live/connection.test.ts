// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, WatchRequest } from '../../../shared/index.js';
import { connectLive, type LiveHandlers } from './connection.js';

// A real socket.io server playing the hub's side of the contract.
async function startHub() {
  const http = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http);
  const watches: WatchRequest[] = [];
  io.use((socket, next) => (socket.handshake.auth['token'] === 'good' ? next() : next(new Error('unauthorized'))));
  io.on('connection', (socket) => {
    socket.on('customer:watch', (req, ack) => {
      watches.push(req);
      void socket.join(req.customerId);
      ack({ ok: true, customerId: req.customerId, replayed: 0 });
    });
    socket.on('customer:unwatch', (req) => void socket.leave(req.customerId));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { io, url, watches, close: () => new Promise<void>((r) => io.close(() => r())) };
}

function recorder() {
  const log: string[] = [];
  let resolveNext: ((s: string) => void) | null = null;
  const push = (s: string) => {
    log.push(s);
    resolveNext?.(s);
  };
  const handlers: LiveHandlers = {
    status: (s) => push(`status:${s}`),
    'timeline:item': (e) => push(`item:${e.item.id}`),
    'customer:updated': (e) => push(`updated:${e.customerId}`),
    'customer:merged': (e) => push(`merged:${e.fromId}>${e.intoId}`),
    watching: (id, ack) => push(`watching:${id}:${ack.ok}`),
    unauthorized: () => push('unauthorized'),
  };
  const until = async (pred: (l: string[]) => boolean) => {
    while (!pred(log)) await new Promise<string>((r) => (resolveNext = r));
  };
  return { log, handlers, until };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

const goodItem = { id: 'evt1', customerId: 'c1', channel: 'sms', type: 'sms.received', occurredAt: '2025-03-01T00:00:00.000000Z', summary: 'hi', source: 's', sourceEventId: '1', data: {}, seq: 42 };

describe('connectLive', () => {
  it('watches with the last seen seq, re-watches after reconnect and drops malformed payloads', async () => {
    const hub = await startHub();
    const rec = recorder();
    let since: number | undefined;
    const live = connectLive({ hubUrl: hub.url, token: 'good', handlers: rec.handlers, sinceSeq: () => since });
    cleanup.push(async () => live.close(), hub.close);
    live.watch('c1');
    await rec.until((l) => l.includes('watching:c1:true'));
    expect(hub.watches[0]).toEqual({ customerId: 'c1' });

    hub.io.to('c1').emit('timeline:item', { customerId: 'c1', item: { ...goodItem, channel: 'fax' } as never, seq: 41 });
    hub.io.to('c1').emit('timeline:item', { customerId: 'c1', item: goodItem as never, seq: 42 });
    await rec.until((l) => l.includes('item:evt1'));
    expect(rec.log.filter((l) => l.startsWith('item:'))).toEqual(['item:evt1']);

    since = 42;
    for (const s of hub.io.sockets.sockets.values()) s.conn.close(); // a dropped transport
    await rec.until((l) => l.includes('status:reconnecting'));
    await rec.until((l) => l.filter((x) => x === 'watching:c1:true').length === 2);
    expect(hub.watches[1]).toEqual({ customerId: 'c1', sinceSeq: 42 });

    since = 43;
    hub.io.disconnectSockets(false); // the hub hangs up on purpose
    await rec.until((l) => l.filter((x) => x === 'watching:c1:true').length === 3);
    expect(hub.watches[2]).toEqual({ customerId: 'c1', sinceSeq: 43 });
    expect(rec.log.filter((l) => l === 'status:connected')).toHaveLength(3);
  });

  it('reports an unauthorized handshake', async () => {
    const hub = await startHub();
    const rec = recorder();
    const live = connectLive({ hubUrl: hub.url, token: 'bad', handlers: rec.handlers, sinceSeq: () => undefined });
    cleanup.push(async () => live.close(), hub.close);
    await rec.until((l) => l.includes('unauthorized'));
  });
});
