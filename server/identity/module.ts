import { defineModule } from '../feature-module.js';
import type { RawHandle } from '../storage/database-handle.js';
import { RowWriter } from '../storage/row-writer.js';
import { SqlDuplicateFinder } from './matching/duplicate-finder.js';
import { identityMigrations } from './migrations.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    duplicates: SqlDuplicateFinder;
  }
}

/** Identity resolution: household links and the duplicate-match index (its routes are the merges module's). */
export const identityModule = defineModule({
  name: 'identity',
  migrations: identityMigrations,
  services: ({ database, db, events, config, onError, onClose }) => {
    // Duplicate suggestions: match keys kept current from the bus's facts, refits in a worker.
    const duplicates = SqlDuplicateFinder.wire({ db, events, scopes: config.identifierScopes, onError, ...workerSource(database.raw) });
    onClose(() => duplicates.close());
    return { duplicates };
  },
});

/** Where a refit worker opens its own read connection: the SQLite file, or the PostgreSQL URL the hub opened. */
function workerSource(raw: RawHandle): { sqliteFile?: string; databaseUrl?: string; writer?: RowWriter } {
  // (Embedded SQLite also hands the index a row writer on the hub's connection for its passes.)
  if (raw.dialect === 'sqlite') return { sqliteFile: raw.sqlite.name, writer: new RowWriter(raw.sqlite) };
  return raw.url ? { databaseUrl: raw.url } : {};
}
