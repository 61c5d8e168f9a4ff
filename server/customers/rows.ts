import type { Selectable } from 'kysely';
import { microsToIso, readableDisplayName, type Channel, type CustomerSummary, type ExternalId, type MergeRecord, type TimelineItem } from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Db, EventsTable, MergesTable } from '../storage/schema.js';

/** Row <-> contract mapping shared by the queries and the ingest fan-out. */

export const EVENT_COLUMNS = ['seq', 'id', 'customer_id', 'source', 'source_event_id', 'channel', 'type', 'occurred_at_us', 'summary', 'data'] as const;
export type EventRow = Pick<Selectable<EventsTable>, (typeof EVENT_COLUMNS)[number]>;

export function toTimelineItem(r: EventRow): TimelineItem {
  return {
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel as Channel,
    type: r.type,
    occurredAt: microsToIso(r.occurred_at_us),
    summary: r.summary,
    source: r.source,
    sourceEventId: r.source_event_id,
    data: parseData(r.data),
    seq: r.seq,
  };
}

export function parseData(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function toMergeRecord(r: Selectable<MergesTable>): MergeRecord {
  return {
    id: r.id,
    fromId: r.from_id,
    intoId: r.into_id,
    reason: r.reason,
    bridgingIdentifier: r.bridging_identifier,
    actor: r.actor,
    at: microsToIso(r.at_us),
    undoneAt: r.undone_at_us === null ? null : microsToIso(r.undone_at_us),
  };
}

export function splitExternal(value: string): ExternalId {
  const at = value.indexOf(':');
  return { system: value.slice(0, at), id: value.slice(at + 1) };
}

/** Summaries of the given customers (those that exist), keyed by id; 2 queries per chunk of ids. */
export async function loadSummaries(db: Db, ids: readonly string[]): Promise<Map<string, CustomerSummary>> {
  const out = new Map<string, CustomerSummary>();
  for (const part of chunk([...new Set(ids)], MAX_IN_LIST)) {
    if (part.length === 0) continue;
    const customers = await db
      .selectFrom('customers')
      .select(['id', 'display_name', 'last_activity_us', 'event_count'])
      .where('id', 'in', part)
      .execute();
    for (const c of customers) {
      out.set(c.id, {
        id: c.id,
        displayName: readableDisplayName(c.display_name),
        emails: [],
        phones: [],
        loyaltyIds: [],
        externalIds: [],
        lastActivityAt: c.event_count > 0 ? microsToIso(c.last_activity_us) : null,
        eventCount: c.event_count,
      });
    }
    const idents = await db
      .selectFrom('identifiers')
      .select(['customer_id', 'kind', 'value'])
      .where('customer_id', 'in', part)
      .orderBy('created_at_us')
      .orderBy('kind')
      .orderBy('value')
      .execute();
    for (const i of idents) {
      const s = out.get(i.customer_id);
      if (!s) continue;
      if (i.kind === 'email') s.emails.push(i.value);
      else if (i.kind === 'phone') s.phones.push(i.value);
      else if (i.kind === 'loyalty') s.loyaltyIds.push(i.value);
      else s.externalIds.push(splitExternal(i.value));
    }
  }
  return out;
}
