import type pg from 'pg';

/*
 * PostgreSQL plans from the statistics ANALYZE leaves in pg_statistic. Without them (a table never analyzed)
 * the planner guesses: `customer_id in (…500 ids…)` looks like most of the table, so ingest's batch reads
 * (identities, order rows, match keys, event-derived attributes) scan whole tables instead of probing their
 * customer_id indexes. Autovacuum normally keeps the statistics current, but it may be off (this CI
 * machine's server runs without it) or lag a bulk load by minutes: a 10M-event build measured 3,667 ->
 * 1,756 events/s over its first 1.5M events that way, the events table read 1,815 times in full.
 *
 * So the hub does autovacuum's analyze step itself: every few seconds it asks pg_stat_user_tables which of
 * its schema's tables changed by more than autovacuum's own threshold (analyze_threshold + scale_factor x
 * rows, the server's settings) since their last ANALYZE, and analyzes those. One hub at a time per schema
 * (an advisory lock); the others skip that round. ANALYZE reads a sample, takes no lock that blocks reads or
 * writes, and resets the counter, so a table is analyzed again only after it grew by the same share.
 */

/** How often the hub looks for tables whose statistics are out of date. */
export const PLANNER_STATS_INTERVAL_MS = 10_000;

const STALE_TABLES = `
  select s.relname as name
  from pg_stat_user_tables s
  join pg_class c on c.oid = s.relid
  where s.schemaname = current_schema()
    and s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
      + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
  order by s.n_mod_since_analyze desc`;

/** One lock per schema: two hubs on one schema take turns; hubs on other schemas (tests) do not wait on each other. */
const LOCK = `hashtext('omni.planner-stats.' || current_schema())`;

const UNDEFINED_TABLE = '42P01';

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Analyzes the current schema's tables whose statistics are out of date; returns their names ([] when another hub holds the turn). */
export async function analyzeStaleTables(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  let locked = false;
  try {
    locked = (await client.query<{ got: boolean }>(`select pg_try_advisory_lock(${LOCK}) as got`)).rows[0]?.got === true;
    if (!locked) return [];
    const { rows } = await client.query<{ name: string }>(STALE_TABLES);
    const analyzed: string[] = [];
    for (const { name } of rows) {
      try {
        // Each in its own (implicit) transaction, so the new statistics are in use as soon as it ends.
        await client.query(`analyze ${quoteIdent(name)}`);
        analyzed.push(name);
      } catch (err) {
        // Dropped since the listing (a migration's down step, a test's teardown): nothing left to analyze.
        if ((err as { code?: string }).code !== UNDEFINED_TABLE) throw err;
      }
    }
    return analyzed;
  } finally {
    if (locked) await client.query(`select pg_advisory_unlock(${LOCK})`).catch(() => {});
    client.release();
  }
}

/** Runs analyzeStaleTables at open and then every interval, one round at a time, until closed. */
export class PlannerStatsKeeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: { intervalMs?: number; onError?: (err: unknown) => void } = {},
  ) {
    this.tick();
    this.timer = setInterval(() => this.tick(), opts.intervalMs ?? PLANNER_STATS_INTERVAL_MS);
    this.timer.unref();
  }

  /** The round in progress, if any (tests). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.idle();
  }

  private tick(): void {
    if (this.closed || this.running) return;
    this.running = analyzeStaleTables(this.pool)
      .then(() => undefined, (err: unknown) => this.opts.onError?.(err))
      .finally(() => {
        this.running = undefined;
      });
  }
}
