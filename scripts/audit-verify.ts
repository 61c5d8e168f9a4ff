/*
 * `npm run audit:verify [-- --data-dir DIR] [--database-url URL] [--head HASH]`
 * Walks the audit trail's hash chain (server/audit/audit-chain.ts) on the hub's database (OMNI_DATA_DIR's
 * SQLite file, or DATABASE_URL) and exits 0 when every row follows the one before it, 1 naming the first
 * row that does not (changed, deleted, inserted or reordered), 2 when the database cannot be read.
 * `--head HASH`: the head an earlier run printed must still be in the chain (else rows were cut from the end).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyAuditChain } from '../server/audit/audit-chain.js';
import { openDatabase } from '../server/storage/open-database.js';

export interface VerifyArgs {
  dataDir: string;
  databaseUrl?: string;
  /** A head hash printed by an earlier run. */
  head?: string;
}

export function parseVerifyArgs(argv: readonly string[], env: NodeJS.ProcessEnv): VerifyArgs {
  let dataDir = env['OMNI_DATA_DIR'] ?? join(homedir(), '.omni-console');
  let databaseUrl = env['DATABASE_URL'];
  let head: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a !== '--data-dir' && a !== '--database-url' && a !== '--head') throw new Error(`unknown argument ${a} (use --data-dir DIR, --database-url URL, --head HASH)`);
    const v = argv[++i];
    if (!v) throw new Error(`${a} needs a value`);
    if (a === '--data-dir') dataDir = v;
    else if (a === '--database-url') databaseUrl = v;
    else if (/^[0-9a-f]{64}$/.test(v)) head = v;
    else throw new Error('--head must be a 64-character hash printed by an earlier run');
  }
  return { dataDir: resolve(dataDir), ...(databaseUrl ? { databaseUrl } : {}), ...(head ? { head } : {}) };
}

/** Verifies and prints one line; returns the exit code (0 intact, 1 broken). */
export async function runAuditVerify(args: VerifyArgs, print: (line: string) => void = console.log): Promise<number> {
  const database = await openDatabase(args);
  try {
    const where = args.databaseUrl ? 'PostgreSQL' : join(args.dataDir, 'omni.sqlite');
    const report = await verifyAuditChain(database.db, args.head ? { knownHead: args.head } : {});
    if (report.ok) {
      print(`audit trail intact on ${where}: ${report.rows} rows${report.head ? `, head ${report.head}` : ''}`);
      return 0;
    }
    const b = report.broken!;
    const at = b.id === 'end' ? 'at the end' : `at row ${b.id}${b.seq !== null ? ` (sequence ${b.seq})` : ''}`;
    print(`audit trail BROKEN on ${where} ${at}: ${b.reason}; ${report.rows} rows before it verify`);
    return 1;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && /audit-verify\.[cm]?[jt]s$/.test(process.argv[1])) {
  runAuditVerify(parseVerifyArgs(process.argv.slice(2), process.env))
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      console.error(`audit:verify: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    });
}
