/*
 * Bulk import into the hub's database (the same one `npm run hub` uses: OMNI_DATA_DIR or DATABASE_URL).
 *   npm run import -- <file> --format jsonl|shopify-orders|pos-csv|online-retail-csv|twcs-csv|abcd-json
 *        [--data-dir DIR] [--database-url URL] [--region US] [--batch 500] [--checkpoint FILE] [--restart] [--quiet]
 * Idempotent (stable sourceEventIds: re-running finds duplicates) and resumable (a checkpoint
 * after every batch; an interrupted run continues where it stopped). Prints created/duplicate/rejected.
 * Writes straight to the database: a running hub's open consoles see the new items on their next load.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDomain } from '../server/create-domain.js';
import { IMPORT_FORMATS, loadImport, type ImportFormat } from '../server/connectors/import/formats.js';
import { fileFingerprint, readCheckpoint, runImport, type ImportSummary } from '../server/connectors/import/run-import.js';
import { createImportProgress } from './import-progress.js';

export interface ImportArgs {
  file: string;
  format: ImportFormat;
  dataDir: string;
  databaseUrl?: string;
  region: string;
  batch: number;
  checkpoint: string;
  restart: boolean;
  quiet: boolean;
}

export function parseImportArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ImportArgs {
  let file: string | undefined;
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      if (file) throw new Error(`unexpected argument "${a}" (one file at a time)`);
      file = a;
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq === -1 ? a.slice(2) : a.slice(2, eq);
    if (name === 'restart' || name === 'quiet') flags[name] = true;
    else {
      const v = eq === -1 ? argv[++i] : a.slice(eq + 1);
      if (v === undefined) throw new Error(`--${name} needs a value`);
      flags[name] = v;
    }
  }
  const known = ['format', 'data-dir', 'database-url', 'region', 'batch', 'checkpoint', 'restart', 'quiet'];
  for (const k of Object.keys(flags)) if (!known.includes(k)) throw new Error(`unknown flag --${k}; known: ${known.map((x) => `--${x}`).join(', ')}`);
  if (!file) throw new Error(`usage: npm run import -- <file> --format ${IMPORT_FORMATS.join('|')}`);
  const format = flags['format'];
  if (typeof format !== 'string' || !(IMPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  const batch = Number(flags['batch'] ?? 500);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) throw new Error('--batch must be an integer between 1 and 1000');
  const dataDir = resolve(String(flags['data-dir'] ?? env['OMNI_DATA_DIR'] ?? join(homedir(), '.omni-console')));
  const abs = resolve(file);
  const databaseUrl = typeof flags['database-url'] === 'string' ? flags['database-url'] : env['DATABASE_URL'];
  const key = createHash('sha1').update(`${abs}\u0000${format}`).digest('hex').slice(0, 16);
  return {
    file: abs,
    format: format as ImportFormat,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    region: String(flags['region'] ?? env['OMNI_DEFAULT_REGION'] ?? 'US').toUpperCase(),
    batch,
    checkpoint: resolve(String(flags['checkpoint'] ?? join(dataDir, 'import-checkpoints', `${key}.json`))),
    restart: flags['restart'] === true,
    quiet: flags['quiet'] === true,
  };
}

/** How the CLI reports: a bar on an interactive terminal, else progress lines through `log`. */
export interface ImportOutput {
  tty: boolean;
  progressEveryMs?: number;
}

export async function runImportCli(
  args: ImportArgs,
  log: (line: string) => void = console.log,
  out: ImportOutput = { tty: Boolean(process.stdout.isTTY && process.stderr.isTTY) },
): Promise<ImportSummary> {
  if (!args.quiet && !out.tty) log(`import: reading ${args.file} (${args.format})`);
  const { units, merge } = loadImport(args.file, args.format, args.region);
  const checkpointKey = { file: args.file, format: args.format, fingerprint: fileFingerprint(args.file) };
  const domain = await createDomain({ dataDir: args.dataDir, ...(args.databaseUrl ? { databaseUrl: args.databaseUrl } : {}), defaultRegion: args.region });
  const progress = args.quiet ? null : createImportProgress({ tty: out.tty, write: log, everyMs: out.progressEveryMs });
  try {
    if (args.restart) {
      const { rmSync } = await import('node:fs');
      rmSync(args.checkpoint, { force: true });
    }
    progress?.start(units.length, Math.min(units.length, readCheckpoint(args.checkpoint, checkpointKey)));
    const summary = await runImport({
      units,
      ingest: domain.ingest,
      ...(merge ? { merge } : {}),
      batchSize: args.batch,
      checkpointPath: args.checkpoint,
      checkpointKey,
      onProgress: (done, _total, s) => progress?.update(done, s),
    });
    progress?.stop();
    log(`${args.format} ${args.file}`);
    if (summary.resumedFrom > 0) log(`resumed after ${summary.resumedFrom} of ${summary.total} units (checkpoint ${args.checkpoint}; --restart to start over)`);
    log(`created=${summary.created} duplicate=${summary.duplicate} updated=${summary.updated} rejected=${summary.rejected} total=${summary.total}`);
    log(`${summary.seconds.toFixed(1)}s, ${summary.eventsPerSecond} events/s`);
    for (const r of summary.reasons.slice(0, 10)) log(`  rejected ${r.count}× ${r.reason} (e.g. ${r.examples.join(', ')})`);
    return summary;
  } finally {
    progress?.stop();
    await domain.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await runImportCli(parseImportArgs(process.argv.slice(2)));
  } catch (err) {
    console.error(`import: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
