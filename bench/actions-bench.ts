/*
 * Next-action recompute latency (part of `npm run bench`, `--only actions`). Seeds the
 * deterministic demo data set into a temp SQLite domain, then times, per customer:
 *   - recompute: features + catalog + guardrails + Thompson ranking on the customer's event window (the target: p99 < 5 ms);
 *   - end to end: the service's compute() including the SQLite reads (profile, 300-event window, stats, snoozes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TimelineItem } from '../shared/index.js';
import { rankActions } from '../server/actions/engine.js';
import { computeFeatures } from '../server/actions/features.js';
import { FEATURE_WINDOW } from '../server/actions/action-service.js';
import { fnv1a, seededRng } from '../server/actions/ranking.js';
import { createDomain } from '../server/create-domain.js';
import { seedDemo } from '../server/demo/index.js';
import { summarize, type Summary } from './stats.js';
import { systemActor } from '../shared/actor.js';

const PASSES = 5;

export interface ActionsResult {
  customers: number;
  events: number;
  /** Largest event window among the customers (the engine reads the newest FEATURE_WINDOW). */
  maxEvents: number;
  featureWindow: number;
  cold: Summary;
  warm: Summary;
  warmCpu: Summary;
  e2e: Summary;
  avgOffered: number;
  /** 1-minute load average before and after. */
  load: [number, number];
}

export const ACTIONS_TARGET_P99_MS = 5;

export async function benchActions(customers: number, log: (line: string) => void = () => {}): Promise<ActionsResult> {
  const dir = mkdtempSync(join(tmpdir(), 'omni-actions-bench-'));
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
  try {
    const loadStart = loadavg()[0]!;
    log(`  seeding ${customers} demo customers…`);
    const seeded = await seedDemo(domain.ingest, { customers, now: new Date() });
    const ids = (await domain.database.db.selectFrom('customers').select('id').where('merged_into', 'is', null).execute()).map((r) => r.id);
    // Load each customer's window once, so "recompute" times only the engine.
    const windows: { id: string; items: TimelineItem[]; stats: Awaited<ReturnType<typeof domain.customers.profile>> }[] = [];
    for (const id of ids) {
      const [page, profile] = await Promise.all([domain.customers.timeline(systemActor('bench'), id, { limit: FEATURE_WINDOW, channel: undefined }), domain.customers.profile(systemActor('bench'), id)]);
      windows.push({ id, items: page!.items, stats: profile });
    }
    const now = new Date();
    const stats = new Map();
    const recompute = (w: (typeof windows)[number]) => {
      const features = computeFeatures({ items: w.items, stats: w.stats!.stats, now });
      return rankActions({ customerId: w.id, features, role: 'agent', stats, rng: seededRng(fnv1a(w.id)) }).actions.length;
    };

    const cold: number[] = [];
    for (const w of windows) {
      const t = performance.now();
      recompute(w);
      cold.push(performance.now() - t);
    }
    const warm: number[] = [];
    const warmCpu: number[] = [];
    let offered = 0;
    for (let p = 0; p < PASSES; p++) {
      for (const w of windows) {
        const c = process.cpuUsage();
        const t = performance.now();
        offered += recompute(w);
        warm.push(performance.now() - t);
        const d = process.cpuUsage(c);
        warmCpu.push((d.user + d.system) / 1000);
      }
    }
    const agent = await domain.auth.createUser({ email: 'bench@local', name: 'Bench', role: 'agent', password: 'bench-password-1' });
    const e2e: number[] = [];
    for (let p = 0; p < 2; p++) {
      for (const id of ids) {
        const t = performance.now();
        await domain.actions.compute(systemActor('bench'), id, agent.role);
        e2e.push(performance.now() - t);
      }
    }
    return {
      customers: ids.length,
      events: seeded.events,
      maxEvents: Math.max(...windows.map((w) => w.items.length)),
      featureWindow: FEATURE_WINDOW,
      cold: summarize(cold),
      warm: summarize(warm),
      warmCpu: summarize(warmCpu),
      e2e: summarize(e2e),
      avgOffered: offered / Math.max(1, warm.length),
      load: [loadStart, loadavg()[0]!],
    };
  } finally {
    await domain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
