import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../storage/schema.js';
import { downClv, upClv } from './clv-migration.js';

/* Customer value models and per-customer purchase summaries. Names are the database's record of what ran: never rename one. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export function valueMigrations(_dialect: Dialect): Record<string, Migration> {
  return {
    // Customer value and churn risk (issue 14): model parameters and per-customer purchase summaries (server/clv/clv-migration.ts).
    '0010_clv': {
      up: (db: AnyDb) => upClv(db),
      down: (db: AnyDb) => downClv(db),
    },
  };
}
