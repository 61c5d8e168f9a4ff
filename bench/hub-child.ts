/*
 * The real hub in its own process, configured from the environment exactly like `npm run hub`
 * (OMNI_* variables). Prints `{url, ingestKey}` when listening; answers `rss`, `memory-detail`, `heap-snapshot <file>`,
 * `offer-clock` and `close`.
 */
import { writeHeapSnapshot } from 'node:v8';
import { loadConfig } from '../server/config.js';
import { startHub } from '../server/hub.js';
import { memory, serveCommands } from './child.js';

const hub = await startHub(loadConfig(process.env, []));
// offerId -> ms clock when the hub published it (right after the realtime layer's emit of it): where an offer's
// fan-out starts, for bench/fanout-bench.ts (OMNI_BENCH_OFFER_CLOCK=1; off, no other bench holds the map). Drained by `offer-clock`.
const offerClock = new Map<string, number>();
if (process.env['OMNI_BENCH_OFFER_CLOCK'] === '1') hub.domain.events.subscribe('bench-offer-clock', { 'routing.offered': ({ offer }) => void offerClock.set(offer.offerId, Date.now()) });
serveCommands(async (command) => {
  if (command === 'rss') return memory();
  // Where the RSS goes (bench/fanout-bench.ts): the V8 heap, its reserve, and memory outside it (Buffers, sockets' write queues).
  if (command === 'memory-detail') {
    const m = process.memoryUsage();
    const mb = (n: number) => n / 2 ** 20;
    return { ...memory(), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external), arrayBuffersMB: mb(m.arrayBuffers) };
  }
  if (command === 'offer-clock') {
    const stamps = Object.fromEntries(offerClock);
    offerClock.clear();
    return stamps;
  }
  // `heap-snapshot <file>`: what the V8 heap holds right now (bench/browser-search-bench.ts, OMNI_BENCH_HEAP_SNAPSHOT).
  if (command.startsWith('heap-snapshot ')) return { file: writeHeapSnapshot(command.slice('heap-snapshot '.length)), ...memory() };
  if (command === 'close') {
    await hub.close();
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ url: hub.url, ingestKey: hub.bootstrap.ingestKey, ...memory() })}\n`);
