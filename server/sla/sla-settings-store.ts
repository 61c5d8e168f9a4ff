import { DEFAULT_SLA_POLICY, QueueSlaUpdateSchema, type BusinessCalendar, type QueueSla, type QueueSlaUpdate, type SlaPolicy } from '../../shared/sla.js';
import { microsToIso } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import { slaDb, type SlaDb } from './sla-tables.js';

/*
 * Per-queue SLA settings, stored in sla_queue_settings and cached in memory: deadlines are computed
 * synchronously inside every conversation write (server/conversations/settings.ts reads policyFor and
 * calendarFor), so the lookup cannot await. The cache is loaded at start, updated by this hub's own
 * writes and refreshed from the table by every hub's sweep tick (another hub's change arrives within one tick).
 */

interface Entry {
  update: QueueSlaUpdate;
  updatedAtUs: number;
  policy: SlaPolicy;
}

/** The default settings a queue starts from (DEFAULT_SLA_POLICY: around the clock). */
export function defaultQueueSla(): QueueSlaUpdate {
  return { byPriority: structuredClone(DEFAULT_SLA_POLICY.byPriority), calendar: DEFAULT_SLA_POLICY.calendar };
}

export class SlaSettingsStore {
  private readonly db: SlaDb;
  private cache = new Map<string, Entry>();
  /** Fingerprint of the table at the last refresh: unchanged -> nothing to reload. */
  private stamp = '';

  constructor(db: Db) {
    this.db = slaDb(db);
  }

  /** The policy deadlines use for a queue (its own, or the default for no queue / nothing stored). */
  policyFor(queueId: string | null): SlaPolicy {
    return (queueId !== null ? this.cache.get(queueId)?.policy : undefined) ?? DEFAULT_SLA_POLICY;
  }

  calendarFor(queueId: string | null): BusinessCalendar | null {
    return this.policyFor(queueId).calendar;
  }

  read(queueId: string): QueueSla {
    const e = this.cache.get(queueId);
    return { queueId, ...(e ? e.update : defaultQueueSla()), updatedAt: e ? microsToIso(e.updatedAtUs) : null };
  }

  /** Stores a queue's settings (already validated) and updates this hub's cache at once. */
  async write(queueId: string, update: QueueSlaUpdate, byUserOrSystem: string, nowUs: number): Promise<void> {
    const settings = JSON.stringify(update);
    await this.db
      .insertInto('sla_queue_settings')
      .values({ queue_id: queueId, settings, updated_at_us: nowUs, updated_by: byUserOrSystem })
      .onConflict((oc) => oc.column('queue_id').doUpdateSet({ settings, updated_at_us: nowUs, updated_by: byUserOrSystem }))
      .execute();
    this.cache.set(queueId, entry(queueId, update, nowUs));
  }

  /** Reloads the cache when the table changed (cheap check first). */
  async refresh(): Promise<void> {
    const s = await this.db
      .selectFrom('sla_queue_settings')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at_us').as('latest')])
      .executeTakeFirst();
    const stamp = `${Number(s?.n ?? 0)}:${Number(s?.latest ?? 0)}`;
    if (stamp === this.stamp) return;
    const rows = await this.db.selectFrom('sla_queue_settings').selectAll().execute();
    const next = new Map<string, Entry>();
    for (const r of rows) {
      const parsed = QueueSlaUpdateSchema.safeParse(JSON.parse(r.settings));
      // A row this version cannot read keeps the defaults rather than stopping every deadline.
      if (parsed.success) next.set(r.queue_id, entry(r.queue_id, parsed.data, Number(r.updated_at_us)));
    }
    this.cache = next;
    this.stamp = stamp;
  }
}

function entry(queueId: string, update: QueueSlaUpdate, updatedAtUs: number): Entry {
  return { update, updatedAtUs, policy: { id: `queue:${queueId}`.slice(0, 64), name: 'Queue SLA', calendar: update.calendar, byPriority: update.byPriority } };
}
