import { defineModule } from '../feature-module.js';
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
    const duplicates = SqlDuplicateFinder.wire({ db, events, scopes: config.identifierScopes, onError, ...(database.raw.dialect === 'sqlite' ? { sqliteFile: database.raw.sqlite.name } : {}) });
    onClose(() => duplicates.close());
    return { duplicates };
  },
});
