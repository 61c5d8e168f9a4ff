import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Dialect } from './schema.js';
import { MODULES } from '../modules.js';

/*
 * One set of migrations for both dialects, contributed by the feature modules (server/modules.ts):
 * each feature keeps its schema beside its code. Kysely runs them in name order, so the names (the
 * database's record of what ran) never change and a new one takes the next free number.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Every module's migrations; a name claimed twice is a programming error. */
export function collectMigrations(dialect: Dialect): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const m of MODULES) {
    for (const [name, migration] of Object.entries(m.migrations?.(dialect) ?? {})) {
      if (name in all) throw new Error(`migration ${name} is declared twice (module ${m.name})`);
      all[name] = migration;
    }
  }
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: AnyDb, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => collectMigrations(dialect) };
  // On Postgres the migration tables live in the current schema (tests use one schema each).
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
