import type { IdentifierScopes } from '../../../shared/index.js';
import type { RowWriter } from '../../storage/row-writer.js';
import type { Db } from '../../storage/schema.js';
import type { FitResult } from './match-fit.js';

/** How the match index (match-index.ts) is wired and paced: its database, refit policy and background timers. */
export interface MatchIndexOptions {
  db: Db;
  scopes?: IdentifierScopes;
  /** SQLite file: refits run in a worker over their own connection. */
  sqliteFile?: string;
  /** Embedded SQLite: passes write profiles and keys through cached statements on the transaction's connection. */
  writer?: RowWriter;
  /** PostgreSQL: the same, over the worker's own client. Neither set: refits run in the hub, a page at a time. */
  databaseUrl?: string;
  onError?: (err: unknown) => void;
  /** Refit after this many changed profiles (and at least `fitEveryMs` after the last refit). */
  fitAfterChanges?: number;
  fitEveryMs?: number;
  /** Runs a refit (tests run it in-process); default: worker on SQLite, in-process otherwise. */
  runFit?: (signal: AbortSignal) => Promise<FitResult>;
  /** Seeds sampled by a refit at most (match-fit.ts). */
  maxSeeds?: number;
  /** How long background changes wait to be applied together (default 1 s); a duplicates request never waits for it. */
  coalesceMs?: number;
  /** Start the background backfill / refit timers (the hub does; tests may not). Default true. */
  background?: boolean;
}
