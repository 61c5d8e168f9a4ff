import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { downIdentityLinks, upIdentityLinks } from './identity-links-migration.js';
import { downMatchIndex, upMatchIndex } from './matching/match-migration.js';

/* Household links and the incremental duplicate-match index. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function identityMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    // Household identifiers (issue 9): links made instead of merges when a shared identifier met disagreeing people (server/identity/identity-links-migration.ts).
    '0006_identity_links': {
      up: (db: AnyDb) => upIdentityLinks(db),
      down: (db: AnyDb) => downIdentityLinks(db),
    },
    // Duplicate matching maintained incrementally (issue 15): match records, blocking keys, fitted models (server/identity/matching/match-migration.ts).
    '0011_match_index': {
      up: (db: AnyDb) => upMatchIndex(db),
      down: (db: AnyDb) => downMatchIndex(db),
    },
  };
}
