/*
 * The inbox bench's in-process half (bench/inbox-bench.ts) in a process of its own, started like the hub
 * (bench/child.ts: HUB_NODE_FLAGS, HUB_MALLOC_ENV): `conversations.list` and `counts` on a domain opened on the
 * data dir, interleaved with the raw SQL floor on the same file. In the bench's own process the domain's pages
 * paid scavenges of a young generation sized for the bench (16 MB semi-spaces, ~1.7 ms each), which the hub,
 * with 2 MB semi-spaces, never pays; both sides here run under the hub's flags.
 * Command: `run <JSON {dataDir, target, rounds, nextPages, nowMs}>` -> the seed and every sample.
 */
import { join } from 'node:path';
import { createDomain } from '../server/create-domain.js';
import { serveCommands } from './child.js';
import { inboxSqlFloor, type InboxView } from './inbox-floor.js';
import { measureViews, queryOf, type Which } from './inbox-measure.js';
import { seedInbox, type InboxSeed } from './inbox-seed.js';

export interface InboxDomainRun {
  seed: InboxSeed;
  seedSeconds: number;
  samples: [string, Record<Which, number[]>][];
  wrong: number;
}

async function run(o: { dataDir: string; target: number; rounds: number; nextPages: number; nowMs: number }): Promise<InboxDomainRun> {
  const domain = await createDomain({ dataDir: o.dataDir, defaultRegion: 'US' });
  const samples = new Map<string, Record<Which, number[]>>();
  const push = (key: string, which: Which, v: number) => {
    const s = samples.get(key) ?? { measured: [], floor: [], sqlFloor: [] };
    s[which].push(v);
    samples.set(key, s);
  };
  let wrong = 0;
  try {
    const t0 = performance.now();
    const seed = await seedInbox(domain, o.target, o.nowMs);
    const seedSeconds = (performance.now() - t0) / 1000;
    const floor = inboxSqlFloor(join(o.dataDir, 'omni.sqlite'), seed);
    try {
      const list = (view: InboxView, before: string | null) => domain.conversations.list(seed.actor, queryOf(view, seed, before));
      const floors = { floor: floor.page };
      await measureViews(list, floors, 3, 2, () => {}); // warm-up
      await measureViews(list, floors, o.rounds, o.nextPages, (key, which, v) => push(`domain|${key}`, which, v), () => wrong++);
      for (let i = 0; i < o.rounds; i++) {
        for (const which of i % 2 === 0 ? (['measured', 'floor'] as const) : (['floor', 'measured'] as const)) {
          const s = performance.now();
          if (which === 'measured') await domain.conversations.counts(seed.actor);
          else floor.counts();
          push('domain|counts', which, performance.now() - s);
        }
      }
    } finally {
      floor.close();
    }
    return { seed, seedSeconds, samples: [...samples], wrong };
  } finally {
    await domain.close();
  }
}

serveCommands(async (command) => {
  if (command === 'close') {
    setImmediate(() => process.exit(0));
    return { closed: true };
  }
  if (command.startsWith('run ')) return run(JSON.parse(command.slice(4)) as Parameters<typeof run>[0]);
  throw new Error(`unknown command ${command}`);
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
