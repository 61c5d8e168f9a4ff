/*
 * The live-latency floor: a plain HTTP server + socket.io with nothing else. `POST /emit`
 * `{room, payload}` emits `timeline:item` to that room, the same trigger shape as the hub's
 * `POST /api/v1/events` -> watchers. No auth, no validation, no database.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { memory, serveCommands } from './child.js';

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { room: string; payload: unknown };
    io.to(body.room).emit('timeline:item', body.payload);
    res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
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
