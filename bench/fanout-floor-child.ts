/*
 * The fan-out floor: a plain HTTP server + socket.io with nothing else (no auth, no database). Each client joins
 * the room named in its handshake. `POST /everyone {event, payload}` emits to every socket (the shape of the hub's
 * `presence:updated`); `POST /each {event, rooms, payload}` emits one message per room, all stamped with the
 * server's clock once, just before the first emit (the shape of a dispatch round's `routing:offer`s: the hub's
 * side is measured from the round's first publish too, so both include the queue of emits before each one).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { memory, serveCommands } from './child.js';

const server = createServer((req, res) => {
  if (req.method !== 'POST' || (req.url !== '/everyone' && req.url !== '/each')) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { event: string; rooms?: string[]; payload: Record<string, unknown> };
    if (req.url === '/everyone') io.emit(body.event, body.payload);
    else {
      const at = Date.now();
      for (const room of body.rooms ?? []) io.to(room).emit(body.event, { ...body.payload, room, at });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
const io = new Server(server, { serveClient: false });
io.on('connection', (socket) => {
  const room = (socket.handshake.auth as { room?: unknown }).room;
  if (typeof room === 'string') void socket.join(room);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveCommands(async (command) => {
  if (command === 'rss') return memory();
  if (command === 'close') {
    io.disconnectSockets(true);
    server.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
