import {
  CHANNELS,
  emptyChannelCounts,
  microsToIso,
  readableDisplayName,
  type Channel,
  type CustomerProfile,
  type CustomerValue,
  type CustomerStats,
  type MergeRecord,
} from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';
import { readStats } from './customer-stats.js';
import { loadSummaries, toMergeRecord } from './rows.js';

/** Full profile of a survivor: summary + stats + every merge in its merge tree (+ customer value when `valueOf` is given). */
export async function loadProfile(db: Db, survivorId: string, requestedId: string, valueOf?: (survivorId: string) => Promise<CustomerValue | null>): Promise<CustomerProfile | null> {
  const summary = (await loadSummaries(db, [survivorId])).get(survivorId);
  if (!summary) return null;
  const row = await db
    .selectFrom('customers')
    .select(['created_at_us', 'first_seen_us', 'last_activity_us', 'event_count'])
    .where('id', '=', survivorId)
    .executeTakeFirstOrThrow();
  const [stats, merges, value] = await Promise.all([loadStats(db, survivorId, row), loadMerges(db, survivorId), valueOf?.(survivorId)]);
  return { ...summary, requestedId, createdAt: microsToIso(row.created_at_us), stats, merges, ...(value !== undefined ? { value } : {}) };
}

/** Stats kept at write time (customer-stats.ts): one row, not every purchase and store event. */
async function loadStats(
  db: Db,
  id: string,
  row: { first_seen_us: number; last_activity_us: number; event_count: number },
): Promise<CustomerStats> {
  const stored = await readStats(db, id);
  const channelCounts = emptyChannelCounts();
  for (const [channel, n] of Object.entries(stored.channelCounts)) {
    if ((CHANNELS as readonly string[]).includes(channel)) channelCounts[channel as Channel] = n;
  }
  const any = row.event_count > 0;
  return {
    eventCount: row.event_count,
    channelCounts,
    lifetimeSpend: stored.lifetimeSpend,
    orderCount: stored.orderCount,
    firstSeenAt: any ? microsToIso(row.first_seen_us) : null,
    lastSeenAt: any ? microsToIso(row.last_activity_us) : null,
  };
}

/** Merges into this customer, into those merged into it (and so on), and any from it; newest first. */
async function loadMerges(db: Db, id: string): Promise<MergeRecord[]> {
  const seen = new Set<string>([id]);
  const found = new Map<string, MergeRecord>();
  let frontier = [id];
  for (let depth = 0; frontier.length > 0 && depth < 32; depth++) {
    const rows = await db
      .selectFrom('merges')
      .selectAll()
      .where((eb) => eb.or([eb('into_id', 'in', frontier), ...(depth === 0 ? [eb('from_id', '=', id)] : [])]))
      .execute();
    frontier = [];
    for (const r of rows) {
      found.set(r.id, toMergeRecord(r));
      if (r.into_id !== id && !seen.has(r.into_id)) continue;
      if (!seen.has(r.from_id)) {
        seen.add(r.from_id);
        frontier.push(r.from_id);
      }
    }
  }
  await nameMerges(db, [...found.values()]);
  return [...found.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
}

/** Adds both sides' display names (merged-away customers keep theirs): the history reads as people, not ids. */
async function nameMerges(db: Db, merges: MergeRecord[]): Promise<void> {
  const ids = [...new Set(merges.flatMap((m) => [m.fromId, m.intoId]))];
  if (ids.length === 0) return;
  const names = new Map<string, string>();
  for (const part of chunk(ids, MAX_IN_LIST)) {
    const rows = await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', part).execute();
    for (const r of rows) names.set(r.id, readableDisplayName(r.display_name));
  }
  for (const m of merges) {
    const from = names.get(m.fromId);
    const into = names.get(m.intoId);
    if (from !== undefined) m.fromName = from;
    if (into !== undefined) m.intoName = into;
  }
}
