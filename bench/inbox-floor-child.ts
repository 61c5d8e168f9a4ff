/*
 * The inbox bench's HTTP floor (bench/inbox-bench.ts): a bare Fastify route in a process of its own that serves
 * the raw SQL floor's rows (bench/inbox-floor.ts) as JSON. No session, no validation, no mapping, no response
 * schema: what any HTTP inbox has to pay at minimum for the same rows (request, SQL, JSON, response).
 * `GET /floor?view=…[&before=<JSON position>]`, `GET /counts`. Env: OMNI_BENCH_DB (SQLite file), OMNI_BENCH_AGENT, OMNI_BENCH_QUEUE.
 */
import Fastify from 'fastify';
import { memory, serveCommands } from './child.js';
import { INBOX_VIEWS, inboxSqlFloor, type InboxView, type Position } from './inbox-floor.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const floor = inboxSqlFloor(env('OMNI_BENCH_DB'), { agentId: env('OMNI_BENCH_AGENT'), queueId: env('OMNI_BENCH_QUEUE') });
const app = Fastify({ logger: false });
app.get('/floor', async (req, reply) => {
  const q = req.query as { view?: string; before?: string };
  if (!INBOX_VIEWS.includes(q.view as InboxView)) return reply.code(400).send({ error: 'view' });
  return { rows: floor.page(q.view as InboxView, q.before ? (JSON.parse(q.before) as Position) : null) };
});
app.get('/counts', async () => ({ rows: floor.counts() }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });

serveCommands(async (command) => {
  if (command === 'rss') return memory();
  if (command === 'close') {
    await app.close();
    floor.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ url })}\n`);
