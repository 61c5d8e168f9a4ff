import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceText, valueImportGraph } from '../testing/import-graph.js';
import { openSqlite } from './open-database.js';

/*
 * Tests open hundreds of fresh SQLite databases, and migrating one costs ~0.3–1 s (every module's
 * migrations, each DDL statement its own fsynced commit). They start instead from a copy of one migrated
 * file, kept in the temp dir under a fingerprint of every source file the migrations can reach: any edit
 * to the schema code makes a new template, so a stale one is never used. Test support only.
 */

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations.ts');
const TEMPLATES = join(tmpdir(), 'omni-sqlite-templates');

function fingerprint(): string {
  const { files } = valueImportGraph([MIGRATIONS]);
  const hash = createHash('sha256');
  for (const file of [...files].sort()) hash.update(file).update('\0').update(sourceText(file)).update('\0');
  return hash.digest('hex').slice(0, 20);
}

let template: Promise<string> | undefined;

/** The migrated template's path, made by the first caller on this machine (atomically: built aside, then renamed). */
export function migratedSqliteTemplate(): Promise<string> {
  template ??= (async () => {
    mkdirSync(TEMPLATES, { recursive: true });
    const file = join(TEMPLATES, `${fingerprint()}.sqlite`);
    if (existsSync(file)) return file;
    const work = mkdtempSync(join(TEMPLATES, 'build-'));
    try {
      const opened = await openSqlite(join(work, 'omni.sqlite'));
      const copy = join(work, 'template.sqlite');
      try {
        if (opened.raw.dialect !== 'sqlite') throw new Error('expected SQLite');
        // One self-contained file (no WAL beside it), written by SQLite itself.
        opened.raw.sqlite.prepare('VACUUM INTO ?').run(copy);
      } finally {
        await opened.close();
      }
      renameSync(copy, file);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return file;
  })();
  return template;
}

/** Puts a migrated database at `file` unless one is there; openSqlite then finds nothing to migrate. */
export async function seedMigratedSqlite(file: string): Promise<void> {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  copyFileSync(await migratedSqliteTemplate(), file);
}
