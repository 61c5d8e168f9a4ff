import type { PoolClient } from 'pg';
import type { OpenedDatabase } from '../storage/database-handle.js';

/*
 * One demo floor per deployment: two demo hubs on one PostgreSQL database would each invent callers and
 * contacts (twice the traffic, agents accepting each other's offers). The hub that holds a session-level
 * advisory lock (on a connection it keeps for as long as it leads) runs the floor; the others try again now
 * and then, so when the leader stops or dies (its connection and lock go with it) another takes over.
 * SQLite has one hub: it always leads.
 */

export interface Stoppable {
  stop(): Promise<void>;
}

export interface FloorLeadership {
  /** True while this hub runs the floor. */
  leading(): boolean;
  stop(): Promise<void>;
}

/** The advisory key, per schema: hubs on other schemas (tests) never compete. */
const LOCK_SQL = "select pg_try_advisory_lock(hashtext(current_schema() || '.demo_floor')) as ok";
const UNLOCK_SQL = "select pg_advisory_unlock(hashtext(current_schema() || '.demo_floor'))";

export async function runWhileLeader(database: Pick<OpenedDatabase, 'raw'>, start: () => Promise<Stoppable | null>, opts: { retryMs?: number; log?: (line: string) => void } = {}): Promise<FloorLeadership> {
  const log = opts.log ?? ((line: string) => console.warn(line));
  if (database.raw.dialect !== 'postgres') {
    const running = await start();
    return { leading: () => running !== null, stop: async () => void (await running?.stop()) };
  }
  const pool = database.raw.pool;
  const retryMs = opts.retryMs ?? 15_000;
  let client: PoolClient | null = null;
  let running: Stoppable | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let attempt: Promise<void> | null = null;

  const stepDown = async (lost: boolean) => {
    const r = running;
    running = null;
    await r?.stop();
    const c = client;
    client = null;
    if (!c) return;
    if (lost) c.release(true);
    else {
      await c.query(UNLOCK_SQL).catch(() => undefined);
      c.release();
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      attempt = tryLead().finally(() => (attempt = null));
    }, retryMs);
    timer.unref?.();
  };
  const tryLead = async (): Promise<void> => {
    if (stopped) return;
    let c: PoolClient | null = null;
    try {
      c = await pool.connect();
      const got = await c.query<{ ok: boolean }>(LOCK_SQL);
      if (!got.rows[0]?.ok || stopped) {
        if (got.rows[0]?.ok) await c.query(UNLOCK_SQL);
        c.release();
        schedule();
        return;
      }
      client = c;
      // The connection holding the lock broke: the lock is gone with it; stop and compete again.
      c.on('error', () => {
        log('demo floor: lost the connection holding the floor lock; stepping down');
        void stepDown(true).then(schedule);
      });
      running = await start();
      if (running) log('demo floor: this hub runs the floor (advisory lock held)');
    } catch (err) {
      log(`demo floor: could not take the floor lock: ${err instanceof Error ? err.message : String(err)}`);
      if (c && c !== client) c.release(true);
      schedule();
    }
  };
  await tryLead();
  if (!client) log('demo floor: another hub runs the floor; this one waits to take over');
  return {
    leading: () => running !== null,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await attempt;
      await stepDown(false);
    },
  };
}
