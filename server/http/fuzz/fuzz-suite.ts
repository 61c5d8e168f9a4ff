import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoToMicros } from '../../../shared/index.js';
import { testDialects } from '../../storage/test-database.js';
import { TEST_INGEST_KEY } from '../test-support.js';
import { fuzzHub, type FuzzHub, type RowCounts } from './fuzz-harness.js';
import type { FuzzRequest, FuzzRoute } from './route-cases.js';
import { systemActor } from '../../../shared/actor.js';

/*
 * Test support: hostile input on ingest and connector routes, on SQLite and (with DATABASE_URL) PostgreSQL:
 * no 5xx, no partial writes, every failed delivery kept as a dead letter, a retry of an accepted
 * delivery adds nothing, accepted events read back exactly, and the hub still works afterwards.
 * Cases per route: FUZZ_RUNS (default 3000), half from a fixed seed, half from a random seed
 * (both printed on failure). FUZZ_SHRINK=1 shrinks a failure to a minimal case (slower).
 */

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);
const FIXED_SEED = 20260904;
// Under CI the "random" seed comes from the commit being tested, so a green run on a commit is repeatable and
// each new commit still explores new cases; elsewhere it is fresh every run. FUZZ_SEED overrides both.
const RANDOM_SEED = Number(process.env['FUZZ_SEED'] ?? (process.env['CI'] ? seedOfCommit() : null) ?? Math.floor(Math.random() * 2 ** 31));

function seedOfCommit(): number | null {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{8}/.test(head) ? parseInt(head.slice(0, 8), 16) % 2 ** 31 : null;
  } catch {
    return null;
  }
}

interface Answer {
  results?: { sourceEventId: string; status: string; eventId: string }[];
  ignored?: string;
}

/** Counts after the previous case (nothing else writes meanwhile): one count query per delivery, not two. */
const lastCounts = new WeakMap<FuzzHub, RowCounts>();

async function checkDelivery(hub: FuzzHub, route: FuzzRoute, req: FuzzRequest): Promise<void> {
  const before = lastCounts.get(hub) ?? (await hub.counts());
  lastCounts.delete(hub); // re-counted if this case fails half-way
  const res = await hub.send(req);
  if (res.statusCode >= 500) {
    // The 500 body says "internal error"; its dead letter says what went wrong.
    const [kept] = await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 1, connector: route.connector });
    const stack = hub.serverErrors.at(-1)?.stack?.split('\n').slice(0, 8).join('\n') ?? '';
    expect.fail(`${res.statusCode} for a hostile delivery; dead letter: ${kept?.httpStatus === res.statusCode ? kept.reason : 'none kept'}\n${stack}`);
  }
  const after = await hub.counts();
  if (res.statusCode >= 400) {
    lastCounts.set(hub, after);
    // Nothing written, and the delivery kept (except unauthenticated 401s on key routes).
    expect({ events: after.events, customers: after.customers, identifiers: after.identifiers }).toEqual({ events: before.events, customers: before.customers, identifiers: before.identifiers });
    const kept = !(res.statusCode === 401 && route.auth === 'key');
    expect(after.deadLetters - before.deadLetters, `dead letter for a ${res.statusCode}: ${res.body.slice(0, 200)}`).toBe(kept ? 1 : 0);
    if (kept && res.statusCode === 400 && route.connector === 'events') await expectLatestDeadLetterBody(hub, req.payload);
    return;
  }
  expect(res.statusCode).toBe(202);
  const answer = res.json() as Answer;
  const results = answer.results ?? [];
  const created = results.filter((r) => r.status === 'created').length;
  // Events answer exactly what they wrote; a connector delivery may also release items it held earlier.
  if (route.connector === 'events') expect(after.events - before.events, `events written vs 'created' in ${res.body.slice(0, 400)}`).toBe(created);
  else expect(after.events - before.events, `events written vs 'created' in ${res.body.slice(0, 400)}`).toBeGreaterThanOrEqual(created);
  expect(after.deadLetters - before.deadLetters, `dead letters for a 202: ${res.body.slice(0, 300)}`).toBe(answer.ignored ? 1 : 0);
  if (route.connector === 'events') await expectStoredExactly(hub, req.payload, results);

  // The sender's retry: same answer class, nothing new stored.
  const retry = await hub.send(req);
  expect(retry.statusCode, `retry of an accepted delivery: ${retry.body.slice(0, 300)}`).toBe(202);
  const again = await hub.counts();
  expect(again.events, `events written by a retry: ${retry.body.slice(0, 300)}`).toBe(after.events);
  lastCounts.set(hub, again);
  const retried = (retry.json() as Answer).results ?? [];
  expect(retried.filter((r) => r.status === 'created')).toEqual([]);
  if (route.connector === 'events') expect(retried.every((r) => r.status === 'duplicate')).toBe(true);
}

/** Accepted events read back as sent: data exactly (as JSON), time to the microsecond, ids as sent. */
async function expectStoredExactly(hub: FuzzHub, payload: string | Buffer, results: NonNullable<Answer['results']>): Promise<void> {
  const body = JSON.parse(payload.toString()) as { events?: Sent[] } & Sent;
  const sent = body.events ?? [body];
  for (const [i, r] of results.entries()) {
    if (r.status !== 'created') continue;
    const e = sent[i]!;
    const item = await hub.domain.connectors.findItem(systemActor('test'), e.source.trim(), r.sourceEventId);
    expect(item, `stored item for ${JSON.stringify(r.sourceEventId)}`).not.toBeNull();
    expect(r.sourceEventId).toBe(e.sourceEventId.trim());
    expect(isoToMicros(item!.occurredAt)).toBe(isoToMicros(e.occurredAt));
    expect(JSON.stringify(item!.data)).toBe(JSON.stringify(e.data ?? {}));
    if (e.summary !== undefined) expect(item!.summary).toBe(e.summary);
  }
}
interface Sent {
  source: string;
  sourceEventId: string;
  occurredAt: string;
  summary?: string;
  data?: unknown;
}

async function expectLatestDeadLetterBody(hub: FuzzHub, payload: string | Buffer): Promise<void> {
  const [latest] = await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 1, connector: 'events' });
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
  if (bytes.length * 4 > 3 * 16_384) return; // lists carry a prefix of long bodies
  expect(Buffer.from(latest!.bodyBase64, 'base64').equals(bytes), 'dead letter keeps the bytes as delivered').toBe(true);
}

/**
 * fast-check's report names the seed and path; its counterexample can be megabytes, so the report is
 * cut and the failing request is written to .tmp/fuzz-failures/ instead.
 */
async function runSeeded(route: FuzzRoute, hub: FuzzHub, seed: number, numRuns: number): Promise<void> {
  let failed: { req: FuzzRequest; error: unknown } | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(route.cases, async (req) => {
        try {
          await checkDelivery(hub, route, req);
        } catch (error) {
          failed = { req, error };
          throw error;
        }
      }),
      { seed, numRuns, endOnFailure: process.env['FUZZ_SHRINK'] !== '1' },
    );
  } catch (err) {
    const head = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => !l.startsWith('Counterexample')).join('\n').slice(0, 600);
    const f = failed as { req: FuzzRequest; error: unknown } | null;
    const saved = f ? saveFailure(route, seed, f.req) : 'not saved';
    const inner = f?.error instanceof Error ? f.error.message.slice(0, 1500) : '';
    throw new Error(`${route.name}: fuzz failure with seed ${seed} (rerun: FUZZ_SEED=${seed})\n${head}\n${inner}\nfailing request: ${saved}`);
  }
}

function saveFailure(route: FuzzRoute, seed: number, req: FuzzRequest): string {
  const dir = join(process.cwd(), '.tmp', 'fuzz-failures');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${route.connector}-${seed}-${Date.now()}.json`);
  const payload = Buffer.isBuffer(req.payload) ? req.payload : Buffer.from(req.payload, 'utf8');
  writeFileSync(file, JSON.stringify({ url: req.url, headers: req.headers, payloadBase64: payload.toString('base64'), payloadPreview: payload.toString('utf8').slice(0, 500) }, null, 1));
  return file;
}

/**
 * The fuzz suite for some routes, on every test dialect: one hub per dialect, each route fuzzed
 * with a fixed and a random seed, then replays of what was kept, then a liveness check.
 */
export function fuzzRoutesSuite(title: string, routes: readonly FuzzRoute[]): void {
  describe.each(testDialects())(`hostile input on ${title} (%s)`, (dialect) => {
    let hub: FuzzHub;
    const timings: string[] = [];
    beforeAll(async () => {
      hub = await fuzzHub(dialect);
    });
    afterAll(async () => {
      console.log(`ingest fuzz (${title}) on ${dialect}: ${RUNS} cases per route (fixed seed ${FIXED_SEED}, random seed ${RANDOM_SEED})\n  ${timings.join('\n  ')}`);
      await hub?.close();
    });

    for (const route of routes) {
      it(`${route.name}: no 5xx, no partial write, every failure kept`, async () => {
        const t0 = performance.now();
        await runSeeded(route, hub, FIXED_SEED, Math.ceil(RUNS / 2));
        await runSeeded(route, hub, RANDOM_SEED, Math.floor(RUNS / 2));
        timings.push(`${route.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }, 600_000);
    }

    it('replays of the kept dead letters answer without a 5xx', async () => {
      const open = [];
      for (const route of routes) open.push(...(await hub.domain.connectors.listDeadLetters(systemActor('test'), { limit: 12, status: 'open', connector: route.connector })));
      expect(open.length).toBeGreaterThan(0);
      for (const d of open) {
        const res = await hub.app.inject({ method: 'POST', url: `/api/v1/dead-letters/${d.id}/replay`, headers: { authorization: `Bearer ${hub.adminToken}` } });
        expect(res.statusCode, `replay of ${d.connector} dead letter: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }
    }, 120_000);

    it('the hub is alive afterwards: health, a valid event, and the connector counters add up', async () => {
      expect((await hub.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      const ok = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${TEST_INGEST_KEY}`, 'content-type': 'application/json' },
        payload: { source: 'crm', sourceEventId: `alive-${dialect}`, channel: 'note', type: 'note', occurredAt: '2024-05-01T10:00:00.000001Z', customer: { email: 'alive@example.com' } },
      });
      expect(ok.statusCode).toBe(202);
      expect(hub.backgroundErrors.map(String).slice(0, 3)).toEqual([]);
    });
  });
}
