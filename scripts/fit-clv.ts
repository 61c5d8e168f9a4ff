/*
 * `npm run fit:clv [-- --data-dir DIR] [--database-url URL] [--no-rebuild]`
 * Refits customer value (BG/NBD + Gamma-Gamma, docs/clv.md) on the hub's database (the one `npm run hub`
 * uses: OMNI_DATA_DIR or DATABASE_URL): rebuilds every purchase summary from the timeline, fits in a
 * worker thread, stores the parameters with their fit date and data size. A running hub picks the new
 * fit up within a minute.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createDomain } from '../server/create-domain.js';
import { systemActor } from '../shared/actor.js';


export function parseFitArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { dataDir: string; databaseUrl?: string; rebuild: boolean } {
  let dataDir = env['OMNI_DATA_DIR'] ?? join(homedir(), '.omni-console');
  let databaseUrl = env['DATABASE_URL'];
  let rebuild = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data-dir' || a === '--database-url') {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      if (a === '--data-dir') dataDir = v;
      else databaseUrl = v;
    } else if (a === '--no-rebuild') rebuild = false;
    else throw new Error(`unknown argument ${a} (use --data-dir DIR, --database-url URL, --no-rebuild)`);
  }
  return { dataDir: resolve(dataDir), ...(databaseUrl ? { databaseUrl } : {}), rebuild };
}

async function main(): Promise<void> {
  const args = parseFitArgs(process.argv.slice(2), process.env);
  const domain = await createDomain({ dataDir: args.dataDir, ...(args.databaseUrl ? { databaseUrl: args.databaseUrl } : {}), defaultRegion: 'US' });
  try {
    console.log(`fitting customer value on ${args.databaseUrl ? 'PostgreSQL' : join(args.dataDir, 'omni.sqlite')}${args.rebuild ? ' (rebuilding purchase summaries from the timeline first)' : ''}…`);
    const r = await domain.value.fit(systemActor('cli'), { rebuild: args.rebuild });
    const p = r.params;
    const n = (v: number) => v.toFixed(3);
    console.log(`${r.model.source === 'fitted' ? 'fitted' : `prior (fewer than ${r.model.minCustomersToFit} purchasing customers)`} on ${r.scoredCustomers.toLocaleString('en-US')} purchasing customers in ${(r.durationMs / 1000).toFixed(1)} s; currency ${r.model.currency}`);
    console.log(`BG/NBD       r= ${n(p.r)} alpha= ${n(p.alpha)} a= ${n(p.a)} b= ${n(p.b)}${r.logLikelihood !== null ? `   log-likelihood ${r.logLikelihood.toFixed(1)}` : ''}`);
    console.log(`Gamma-Gamma  p= ${n(p.p)} q= ${n(p.q)} v= ${n(p.v)}`);
    console.log(`worker peak RSS ${(r.peakRssBytes / 1048576).toFixed(0)} MB`);
  } finally {
    await domain.close();
  }
}

if (process.argv[1] && /fit-clv\.[cm]?[jt]s$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    console.error(`fit:clv: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
