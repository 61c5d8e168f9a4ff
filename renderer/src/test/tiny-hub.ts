import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A real HTTP server on a random local port for renderer tests: the API client is exercised
 * over real fetch + sockets, with canned answers standing in for the hub's routes.
 */

export interface TinyRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}
export type TinyHandler = (req: TinyRequest) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;

export async function startTinyHub(handler: TinyHandler): Promise<{ url: string; requests: TinyRequest[]; close: () => Promise<void> }> {
  const requests: TinyRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r: TinyRequest = { method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'http://x'), headers: req.headers, body };
      requests.push(r);
      void Promise.resolve(handler(r)).then(({ status, body: out }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    // Also drops keep-alive sockets (aborted fetches leave some), which would hold close() for seconds.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
