/*
 * Live demo traffic: every few seconds one new, realistic event for an existing demo customer,
 * half of them for the personas so someone watching "Maya Chen" sees the timeline move.
 */
import type { IngestEvent } from '../../shared/index.js';
import type { IngestService } from '../domain.js';
import { buildKind, type BuildContext, type Kind } from './builders.js';
import { DEFAULT_CUSTOMERS, DEFAULT_SEED, identityAt } from './generator.js';
import { demoFaker } from './identity.js';
import { DEMO_PERSONAS } from './personas.js';
import { systemActor } from '../../shared/actor.js';

export interface SimulatorOptions {
  /** Mean delay between events (jittered ±50%); default 4000 ms. */
  intervalMs?: number;
  /** Seed of the seeded data set (whose customers get the new events); default 42. */
  seed?: number;
  /** Size of the seeded data set; default 3000. */
  customers?: number;
  now?: () => Date;
  /** Where failures go (the timer never throws); default console.warn. */
  log?: (line: string) => void;
}

const LIVE_KINDS: { weight: number; value: Kind }[] = [
  { weight: 25, value: 'sms' },
  { weight: 20, value: 'chat' },
  { weight: 20, value: 'phone' },
  { weight: 15, value: 'email' },
  { weight: 10, value: 'purchase' },
  { weight: 6, value: 'store' },
  { weight: 4, value: 'web' },
];

/** Builds the simulator's next event (exported for tests); `n` makes the sourceEventId unique within a run. */
export function simulatedEvent(f: ReturnType<typeof demoFaker>, opts: { seed: number; customers: number; now: Date; runId: string; n: number }): IngestEvent {
  const persona = f.datatype.boolean({ probability: 0.5 });
  const index = persona ? f.number.int({ min: 0, max: DEMO_PERSONAS.length - 1 }) : f.number.int({ min: DEMO_PERSONAS.length, max: Math.max(DEMO_PERSONAS.length, opts.customers - 1) });
  const who = identityAt(opts.seed, index);
  let lastOrder: string | null = who.pinnedOrderNumber ?? null;
  const ctx: BuildContext = {
    f,
    who,
    at: opts.now,
    account: 0,
    fragmentedPhase: false,
    lastOrder,
    // Live orders get their own range so they never collide with seeded numbers.
    nextOrderNumber: () => (lastOrder = `#${800_000 + ((Math.floor(opts.now.getTime() / 1000) + opts.n) % 200_000)}`),
    now: opts.now,
  };
  const [draft] = buildKind(f.helpers.weightedArrayElement(LIVE_KINDS), ctx);
  return { ...draft!, sourceEventId: `sim-${opts.runId}-${opts.n}` };
}

export function startSimulator(ingest: IngestService, opts: SimulatorOptions = {}): { stop(): void } {
  const interval = Math.max(1, opts.intervalMs ?? 4000);
  const seed = opts.seed ?? DEFAULT_SEED;
  const customers = opts.customers ?? DEFAULT_CUSTOMERS;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => console.warn(line));
  // Run id from the start time: a restarted simulator never repeats a sourceEventId.
  const runId = Date.now().toString(36);
  const f = demoFaker([seed, 0x5151, Date.now() % 1_000_000]);
  let n = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, Math.round(interval * (0.5 + f.number.float({ min: 0, max: 1 }))));
    timer.unref?.();
  };
  const tick = async () => {
    try {
      const event = simulatedEvent(f, { seed, customers, now: now(), runId, n: n++ });
      if (!stopped) await ingest.ingest(systemActor('demo'), [event]);
    } catch (err) {
      log(`demo simulator: ${err instanceof Error ? err.message : String(err)}`);
    }
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
