import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemActor, userActor, type IngestEvent } from '../shared/index.js';
import { connectorSettings } from '../server/connectors/settings.js';
import { createDomain } from '../server/create-domain.js';
import { buildApp } from '../server/http/app.js';
import { SqlAuthService } from '../server/auth/auth-service.js';
import type { AuthService } from '../server/domain.js';
import { accessHook, featureHandler, routeSchema } from '../server/http/feature-routes.js';
import { MODULES } from '../server/modules.js';
import type { RouteSpec } from '../server/route-spec.js';
import { ms, summarize, type Summary } from './stats.js';

/*
 * What the permission model costs a request: the timeline page (200 items) through the real app with
 * the session lookup and the permission check, against the same route handler in the same app with
 * both bypassed (the actor fixed in advance). Interleaved sample by sample, the order rotating each
 * round, on one SQLite hub: the ratio isolates the check (issue 10: at most 5% on p50). Beside the
 * p50 ratio, the median of each round's own checked/bypassed ratio: the two requests of a round ran
 * back to back, so load from other processes mostly cancels out.
 * Two decompositions: the hook with no lookup at all, and the lookup read from the database on every
 * request (what a PostgreSQL hub does, where another hub may revoke: server/auth/session-lookup.ts).
 */

export const PERMISSION_OVERHEAD_TARGET = 1.05;
const TIMELINE = '/api/v1/customers/:id/timeline';
const EVENTS = 400;

export interface PermissionOverheadResult {
  samples: number;
  items: number;
  checked: Summary;
  bypassed: Summary;
  /** checked p50 / bypassed p50 (wall time: the target). */
  ratioP50: number;
  /** The same in process CPU time per request: steadier than wall time on a busy machine. */
  cpu: { checked: Summary; bypassed: Summary; ratioP50: number };
  /** Median over rounds of (checked / bypassed) wall time, each pair taken back to back. */
  pairedRatio: number;
  /** The access hook and permission check with no session lookup at all: what the lookup itself costs is the rest. */
  checkOnly: { wall: Summary; cpu: Summary };
  /** The session read from the database on every request (no in-memory answer; as on PostgreSQL). */
  databaseLookup: { wall: Summary; cpu: Summary; ratioP50: number };
}

/** Below this many samples the p50s move by more than the 5% being measured. */
const MIN_SAMPLES = 300;

export async function benchPermissionOverhead(samples: number, log: (line: string) => void = () => {}): Promise<PermissionOverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'omni-bench-permissions-'));
  const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
  try {
    await domain.bootstrap({ ingestKey: 'bench-ingest-key-0123456789abcdef' });
    const user = await domain.auth.createUser({ email: 'bench.agent@bench.local', name: 'Bench Agent', role: 'agent', password: 'bench-password-1' });
    const session = await domain.auth.login(user.email, 'bench-password-1');
    if (!session) throw new Error('bench agent could not sign in');
    const customerId = await seedCustomer(domain.ingest.ingest.bind(domain.ingest));

    const app = buildApp({ domain, config: { logLevel: 'silent', bodyLimit: 1024 * 1024, rendererDir: undefined, corsOrigins: [] } });
    const actor = userActor(user);
    const spec = timelineSpec(domain);
    // Same spec, same handler, same schema (validation and response serializer), same app: only the access hook and the session lookup are gone.
    const schema = { ...routeSchema(spec), hide: true };
    app.route({ method: 'GET', url: `/bench/bypass${TIMELINE}`, schema, handler: featureHandler(spec, () => actor) });
    // The decomposition: the access hook and permission check kept, the session lookup answered from memory.
    const noLookup = { userForToken: async () => user } as unknown as AuthService;
    app.route({ method: 'GET', url: `/bench/check-only${TIMELINE}`, schema, onRequest: accessHook(noLookup, spec.access), handler: featureHandler(spec, (req) => userActor(req.user!)) });
    // The same sessions table, asked through the query path on every request (no SQLite handle: no cache).
    const everyTime = new SqlAuthService(domain.database.db);
    app.route({ method: 'GET', url: `/bench/db-lookup${TIMELINE}`, schema, onRequest: accessHook(everyTime, spec.access), handler: featureHandler(spec, (req) => userActor(req.user!)) });
    await app.ready();
    try {
      const checkedUrl = `/api/v1/customers/${customerId}/timeline?limit=200`;
      const bypassUrl = `/bench/bypass${checkedUrl}`;
      const checkOnlyUrl = `/bench/check-only${checkedUrl}`;
      const dbLookupUrl = `/bench/db-lookup${checkedUrl}`;
      const headers = { authorization: `Bearer ${session.token}` };
      const time = async (url: string, h: Record<string, string>) => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url, headers: h });
        const took = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return { took, cpu: (c.user + c.system) / 1000, items: (res.json() as { items: unknown[] }).items.length };
      };
      const first = await time(checkedUrl, headers);
      const same = await time(bypassUrl, {});
      if (first.items !== same.items) throw new Error(`checked and bypassed pages differ (${first.items} vs ${same.items} items)`);

      // Checked, bypassed, check-only, database lookup: each round runs all four, the order rotating.
      const paths = [() => time(checkedUrl, headers), () => time(bypassUrl, {}), () => time(checkOnlyUrl, headers), () => time(dbLookupUrl, headers)];
      const taken: { took: number; cpu: number }[][] = paths.map(() => []);
      const rounds = Math.max(samples, MIN_SAMPLES);
      const warmup = 50;
      for (let i = 0; i < rounds + warmup; i++) {
        for (let k = 0; k < paths.length; k++) {
          const p = (i + k) % paths.length;
          const t = await paths[p]!();
          if (i >= warmup) taken[p]!.push(t);
        }
      }
      const wall = taken.map((list) => summarize(list.map((s) => s.took)));
      const cpu = taken.map((list) => summarize(list.map((s) => s.cpu)));
      const [c, by, only, dbl] = wall as [Summary, Summary, Summary, Summary];
      const [cc, cb, conly, cdbl] = cpu as [Summary, Summary, Summary, Summary];
      const pairedRatio = summarize(taken[0]!.map((s, i) => s.took / taken[1]![i]!.took)).p50;
      const result: PermissionOverheadResult = {
        samples: rounds,
        items: first.items,
        checked: c,
        bypassed: by,
        ratioP50: c.p50 / by.p50,
        cpu: { checked: cc, bypassed: cb, ratioP50: cc.p50 / cb.p50 },
        pairedRatio,
        checkOnly: { wall: only, cpu: conly },
        databaseLookup: { wall: dbl, cpu: cdbl, ratioP50: dbl.p50 / by.p50 },
      };
      log(
        `permissions: timeline p50 ${ms(c.p50)} with session + permission check vs ${ms(by.p50)} bypassed (${result.ratioP50.toFixed(3)}x; paired ${pairedRatio.toFixed(3)}x); ` +
          `CPU p50 ${ms(cc.p50)} vs ${ms(cb.p50)} (${result.cpu.ratioP50.toFixed(3)}x); no lookup p50 ${ms(only.p50)}; database lookup every request p50 ${ms(dbl.p50)} (${result.databaseLookup.ratioP50.toFixed(3)}x)`,
      );
      return result;
    } finally {
      await app.close();
    }
  } finally {
    await domain.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The timeline route as the customers module declares it. */
function timelineSpec(domain: Awaited<ReturnType<typeof createDomain>>): RouteSpec {
  const connectors = connectorSettings();
  for (const m of MODULES) {
    const spec = m.routes?.({ domain, services: domain.features.get(m.name) ?? {}, connectors }).find((s) => s.method === 'GET' && s.path === TIMELINE);
    if (spec) return spec;
  }
  throw new Error(`no module declares GET ${TIMELINE}`);
}

/** One customer with EVENTS emails (a full first page of 200 and more behind it). */
async function seedCustomer(ingest: (actor: ReturnType<typeof systemActor>, events: IngestEvent[]) => Promise<{ results: { customerId?: string | null }[] }>): Promise<string> {
  const start = Date.UTC(2025, 0, 1);
  const events: IngestEvent[] = Array.from({ length: EVENTS }, (_, i) => ({
    source: 'bench',
    sourceEventId: `perm-${i}`,
    channel: 'email',
    type: 'email.received',
    occurredAt: new Date(start + i * 3_600_000).toISOString(),
    customer: { email: 'pat.permissions@example.com', name: 'Pat Permissions' },
    summary: `Question ${i} about an order`,
    data: { subject: `Question ${i} about an order` },
  }));
  let id: string | null | undefined;
  for (let i = 0; i < events.length; i += 100) id = (await ingest(systemActor('bench'), events.slice(i, i + 100))).results[0]?.customerId;
  if (!id) throw new Error('bench customer was not created');
  return id;
}

export function permissionsSummaryRow(r: PermissionOverheadResult): string {
  const ok = r.ratioP50 <= PERMISSION_OVERHEAD_TARGET;
  return `| Permission check + session lookup on the timeline page (${r.items} items), p50 checked vs bypassed | ≤ ${PERMISSION_OVERHEAD_TARGET}× | ${ms(r.checked.p50)} vs ${ms(r.bypassed.p50)} (${r.ratioP50.toFixed(3)}×) | ${ok ? '**PASS**' : '**MISS**'} |`;
}

export function permissionsSection(r: PermissionOverheadResult): string[] {
  return [
    '## Permission overhead',
    '',
    `The timeline page (${r.items} items) through the real app on SQLite, in-process (\`inject\`): with the session lookup and the permission check (an agent's token, \`customer.read\`), and the same route handler with both bypassed (actor fixed in advance). ${r.samples} interleaved rounds, the order rotating each round. A known token is answered from memory on SQLite (server/auth/session-lookup.ts); the last rows show the lookup read from the database on every request, as a PostgreSQL hub does.`,
    '',
    '| Path | Samples | p50 | p99 | mean |',
    '|---|---|---|---|---|',
    `| Session + permission check | ${r.checked.n} | ${ms(r.checked.p50)} | ${ms(r.checked.p99)} | ${ms(r.checked.mean)} |`,
    `| Both bypassed | ${r.bypassed.n} | ${ms(r.bypassed.p50)} | ${ms(r.bypassed.p99)} | ${ms(r.bypassed.mean)} |`,
    `| Session + permission check, process CPU time | ${r.cpu.checked.n} | ${ms(r.cpu.checked.p50)} | ${ms(r.cpu.checked.p99)} | ${ms(r.cpu.checked.mean)} |`,
    `| Both bypassed, process CPU time | ${r.cpu.bypassed.n} | ${ms(r.cpu.bypassed.p50)} | ${ms(r.cpu.bypassed.p99)} | ${ms(r.cpu.bypassed.mean)} |`,
    '',
    `| Permission check only (no session lookup) | ${r.checkOnly.wall.n} | ${ms(r.checkOnly.wall.p50)} | ${ms(r.checkOnly.wall.p99)} | ${ms(r.checkOnly.wall.mean)} |`,
    `| Permission check only (no session lookup), process CPU time | ${r.checkOnly.cpu.n} | ${ms(r.checkOnly.cpu.p50)} | ${ms(r.checkOnly.cpu.p99)} | ${ms(r.checkOnly.cpu.mean)} |`,
    `| Session read from the database every request | ${r.databaseLookup.wall.n} | ${ms(r.databaseLookup.wall.p50)} | ${ms(r.databaseLookup.wall.p99)} | ${ms(r.databaseLookup.wall.mean)} |`,
    `| The same, process CPU time | ${r.databaseLookup.cpu.n} | ${ms(r.databaseLookup.cpu.p50)} | ${ms(r.databaseLookup.cpu.p99)} | ${ms(r.databaseLookup.cpu.mean)} |`,
    '',
    `Median of the rounds' own checked/bypassed ratios: ${r.pairedRatio.toFixed(3)}×. Database lookup every request: ${r.databaseLookup.ratioP50.toFixed(3)}× the bypassed p50 (not the target; what the in-memory answer saves).`,
    '',
    `CPU-time p50 ratio ${r.cpu.ratioP50.toFixed(3)}× (steadier than wall time when other work shares the machine; the target is on wall time).`,
    '',
    `p50 ratio ${r.ratioP50.toFixed(3)}× (target ≤ ${PERMISSION_OVERHEAD_TARGET}×) → ${r.ratioP50 <= PERMISSION_OVERHEAD_TARGET ? '**PASS**' : '**MISS**'}.`,
    '',
  ];
}
