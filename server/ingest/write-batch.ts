import { sql, type Selectable, type Transaction } from 'kysely';
import { identifierScopes, microsToIso, type IdentifierScopes, type IngestResult, type MergeRecord, type TimelineItem } from '../../shared/index.js';
import { loadSharedContext, writeLinks } from '../identity/household-links.js';
import { eventEvidence } from '../identity/person-evidence.js';
import { IdentityResolver, type CustomerState } from '../identity/resolver.js';
import { MAX_IN_LIST, chunk, nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { RowWriter } from '../storage/row-writer.js';
import type { Dialect, EventIdentity, IdentifierKind, MergeMoved, Schema } from '../storage/schema.js';
import { suffixKey } from '../identity/normalize.js';
import type { PreparedEvent } from './prepare.js';
import { searchName } from '../customers/search-name.js';
import { repointOwnedRows } from '../merges/owned-rows.js';
import { applyNewEventStats } from '../customers/customer-stats.js';

/** Postgres advisory lock serializing ingest across hub processes (the counters and merges are read-modify-write). */
const PG_INGEST_LOCK = 0x6f6d6e69;

export interface BatchWrite {
  results: IngestResult[];
  created: TimelineItem[];
  merges: MergeRecord[];
  touchedCustomerIds: string[];
  /** Of those, the ones whose name or identifiers changed (the duplicates index rebuilds only these records). */
  identityChangedIds: string[];
}

type Tx = Transaction<Schema>;

/**
 * Writes one prepared batch inside the caller's transaction: dedupe, identity, customers,
 * merges, identifiers, events, refs. A handful of statements per batch, not per event.
 */
export async function writeBatch(tx: Tx, dialect: Dialect, batch: readonly PreparedEvent[], writer: RowWriter, scopes: IdentifierScopes = identifierScopes()): Promise<BatchWrite> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_INGEST_LOCK})`.execute(tx);
  const nowUs = nowMicros();

  // 1. Idempotency: (source, sourceEventId) already stored, or repeated earlier in this batch.
  const stored = await findStoredEvents(tx, batch, writer);
  const firstInBatch = new Map<string, PreparedEvent>();
  const fresh: PreparedEvent[] = [];
  for (const p of batch) {
    if (stored.has(p.dedupeKey) || firstInBatch.has(p.dedupeKey)) continue;
    firstInBatch.set(p.dedupeKey, p);
    fresh.push(p);
  }

  // 2. Identity: who owns these identifiers now, then resolve event by event in batch order.
  const owners = await findOwners(tx, fresh, writer);
  // Shared identifiers (household loyalty cards): earlier links and the owners' birth dates decide merge or link.
  const evidence = fresh.map((p) => eventEvidence(p.display, p.event.data));
  const shared = await loadSharedContext(tx, fresh.map((p, k) => ({ identifiers: p.identifiers, dob: evidence[k]!.dob })), owners, scopes, writer);
  const customers = await loadCustomers(tx, [...new Set([...owners.values(), ...shared.customerIds])], writer);
  // Names as stored, before the resolver updates these states in place: who got renamed is told to the duplicates index.
  const namesBefore = new Map<string, string>();
  for (const [id, c] of customers) namesBefore.set(id, `${c.nameRank}\u0000${c.displayName}`);
  const resolver = new IdentityResolver(owners, customers, nowUs, shared.context);
  // Per fresh event (same positions as `fresh`): its new id and the customer it landed on when assigned.
  const ids: string[] = [];
  const origins: string[] = [];
  const eventIds = new Map<number, string>();
  fresh.forEach((p, k) => {
    origins.push(resolver.assign(p.index, p.identifiers, p.display, p.occurredUs, evidence[k]));
    ids.push(newId('evt'));
    eventIds.set(p.index, ids[k]!);
  });

  // 3. Customers (new and changed) in one upsert; counters were computed in memory under the lock.
  await upsertCustomers(tx, writer, resolver.changedCustomers());

  // 4. Merges, in the order they happened, each recording exactly what it moved.
  const mergeRecords: MergeRecord[] = [];
  for (const m of resolver.merges) {
    // Stored rows move as the customer-owned-table registry declares; this batch's own rows are written
    // later, already on the survivor, and are recorded here so the undo can send them back.
    const recorded = (await repointOwnedRows(tx, m.fromId, m.intoId))
      .add('identifiers', m.batchIdentifierKeys.map(splitKey))
      .add('events', m.batchEventIndexes.map((i) => [eventIds.get(i)!]));
    const moved: MergeMoved = {
      ...recorded.toMoved(),
      from: m.from,
      into: m.into,
      bridgingEventId: eventIds.get(m.bridgingEventIndex)!,
    };
    const row = {
      id: m.id,
      from_id: m.fromId,
      into_id: m.intoId,
      reason: 'shared identifier',
      bridging_identifier: m.bridgingIdentifier,
      actor: 'system',
      at_us: m.atUs,
      undone_at_us: null,
      moved: JSON.stringify(moved),
    };
    await tx.insertInto('merges').values(row).execute();
    mergeRecords.push({
      id: row.id,
      fromId: row.from_id,
      intoId: row.into_id,
      reason: row.reason,
      bridgingIdentifier: row.bridging_identifier,
      actor: row.actor,
      at: microsToIso(row.at_us),
      undoneAt: null,
    });
  }

  // 5. New identifiers, pointing at the final survivor.
  const identRows = resolver.newIdentifiers.map(({ identifier: i, originCustomerId, eventIndex }) => ({
    kind: i.kind,
    value: i.value,
    customer_id: resolver.resolve(originCustomerId),
    origin_customer_id: originCustomerId,
    rev: suffixKey(i.kind, i.value),
    created_at_us: nowUs,
    origin_event_id: eventIds.get(eventIndex)!,
  }));
  await writer.insert(tx, 'identifiers', identRows);

  // 6. Events (multi-row, returning their seq), then order refs. Each lands on its origin's final survivor.
  const finals = origins.map((id) => resolver.resolve(id));
  const eventRows = fresh.map((p, k) => ({
    id: ids[k]!,
    customer_id: finals[k]!,
    origin_customer_id: origins[k]!,
    source: p.event.source,
    source_event_id: p.event.sourceEventId,
    channel: p.event.channel,
    type: p.event.type,
    occurred_at_us: p.occurredUs,
    summary: p.event.summary ?? null,
    data: p.dataJson,
    ingested_at_us: nowUs,
    identity: JSON.stringify({ keys: p.identifiers.map((i) => i.key), name: p.display.name, rank: p.display.rank } satisfies EventIdentity),
  }));
  const seqs = await writer.insertEvents(tx, eventRows);
  const refRows = fresh.flatMap((p, k) => p.orderRefs.map((value) => ({ kind: 'order', value, event_id: ids[k]!, customer_id: finals[k]! })));
  await writer.insert(tx, 'event_refs', refRows);
  await writeLinks(tx, resolver, eventIds, nowUs);
  // Profile stats kept at write time (customers/customer-stats.ts; merges above rebuilt theirs through the registry).
  // Customers this batch created have no stats or order rows yet: nothing to read for them. Unless one absorbed
  // a stored customer (merges go into the older one, but clocks of two hubs may disagree): its rows were rebuilt above.
  const absorbed = new Set(resolver.merges.map((m) => m.intoId));
  const createdIds = new Set(resolver.changedCustomers().filter((c) => c.isNew && !absorbed.has(c.id)).map((c) => c.id));
  await applyNewEventStats(tx, eventRows, fresh.map((p) => p.event.data), writer, createdIds);

  // 7. Answer per input event, in input order.
  const freshAt = new Map(fresh.map((p, k) => [p, k]));
  const results: IngestResult[] = batch.map((p) => {
    const prior = stored.get(p.dedupeKey);
    if (prior) return { sourceEventId: p.event.sourceEventId, status: 'duplicate', eventId: prior.id, customerId: resolver.resolve(prior.customer_id) };
    const first = firstInBatch.get(p.dedupeKey)!;
    const k = freshAt.get(first)!;
    return { sourceEventId: p.event.sourceEventId, status: first === p ? 'created' : 'duplicate', eventId: ids[k]!, customerId: finals[k]! };
  });
  const created: TimelineItem[] = eventRows.map((r, i) => ({
    id: r.id,
    customerId: r.customer_id,
    channel: r.channel,
    type: r.type,
    occurredAt: fresh[i]!.occurredIso,
    summary: r.summary,
    source: r.source,
    sourceEventId: r.source_event_id,
    data: fresh[i]!.event.data ?? {},
    seq: seqs.get(r.id)!,
  }));
  const touched = new Set<string>();
  const identityChanged = new Set<string>();
  for (const c of resolver.changedCustomers()) {
    touched.add(resolver.resolve(c.id));
    if (c.isNew || namesBefore.get(c.id) !== `${c.nameRank}\u0000${c.displayName}`) identityChanged.add(resolver.resolve(c.id));
  }
  for (const n of resolver.newIdentifiers) identityChanged.add(resolver.resolve(n.originCustomerId));
  for (const m of resolver.merges) identityChanged.add(resolver.resolve(m.intoId));
  return { results, created, merges: mergeRecords, touchedCustomerIds: [...touched], identityChangedIds: [...identityChanged] };
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

async function findStoredEvents(tx: Tx, batch: readonly PreparedEvent[], writer: RowWriter): Promise<Map<string, { id: string; customer_id: string }>> {
  const bySource = new Map<string, Set<string>>();
  for (const p of batch) {
    const ids = bySource.get(p.event.source) ?? new Set<string>();
    ids.add(p.event.sourceEventId);
    bySource.set(p.event.source, ids);
  }
  const out = new Map<string, { id: string; customer_id: string }>();
  for (const [source, ids] of bySource) {
    if (writer.embedded) {
      const rows = writer.selectIn<{ id: string; customer_id: string; source_event_id: string }>(
        'select id, customer_id, source_event_id from events where source = ? and source_event_id in (select value from json_each(?))',
        [source],
        [...ids],
      );
      for (const r of rows) out.set(`${source}\u0000${r.source_event_id}`, { id: r.id, customer_id: r.customer_id });
      continue;
    }
    for (const part of chunk([...ids], MAX_IN_LIST)) {
      const rows = await tx
        .selectFrom('events')
        .select(['id', 'customer_id', 'source_event_id'])
        .where('source', '=', source)
        .where('source_event_id', 'in', part)
        .execute();
      for (const r of rows) out.set(`${source}\u0000${r.source_event_id}`, { id: r.id, customer_id: r.customer_id });
    }
  }
  return out;
}

/** Who owns each of the batch's identifiers now (`kind:value` -> customer id): one read for every kind. */
async function findOwners(tx: Tx, events: readonly PreparedEvent[], writer: RowWriter): Promise<Map<string, string>> {
  const pairs = new Map<string, [IdentifierKind, string]>();
  for (const p of events) for (const i of p.identifiers) if (!pairs.has(i.key)) pairs.set(i.key, [i.kind, i.value]);
  const owners = new Map<string, string>();
  if (pairs.size === 0) return owners;
  if (writer.embedded) {
    // Per kind, one primary-key probe per value of a flat JSON list, as one cached statement: cheaper than
    // extracting both halves of [kind, value] pairs from JSON for every probe.
    const byKind = new Map<IdentifierKind, string[]>();
    for (const [kind, value] of pairs.values()) {
      const list = byKind.get(kind);
      if (list) list.push(value);
      else byKind.set(kind, [value]);
    }
    for (const [kind, values] of byKind) {
      const rows = writer.selectIn<{ value: string; customer_id: string }>('select value, customer_id from identifiers where kind = ? and value in (select value from json_each(?))', [kind], values);
      for (const r of rows) owners.set(`${kind}:${r.value}`, r.customer_id);
    }
    return owners;
  }
  for (const part of chunk([...pairs.values()], MAX_IN_LIST / 2)) {
    const rows = await tx
      .selectFrom('identifiers')
      .select(['kind', 'value', 'customer_id'])
      .where((eb) => eb(eb.refTuple('kind', 'value'), 'in', part.map(([k, v]) => eb.tuple(k, v))))
      .execute();
    for (const r of rows) owners.set(`${r.kind}:${r.value}`, r.customer_id);
  }
  return owners;
}

async function loadCustomers(tx: Tx, ids: readonly string[], writer: RowWriter): Promise<Map<string, CustomerState>> {
  const out = new Map<string, CustomerState>();
  if (ids.length === 0) return out;
  const parts = writer.embedded ? [ids] : chunk(ids, MAX_IN_LIST);
  for (const part of parts) {
    const rows = writer.embedded
      ? writer.selectIn<Selectable<Schema['customers']>>('select * from customers where id in (select value from json_each(?))', [], part)
      : await tx.selectFrom('customers').selectAll().where('id', 'in', part).execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        isNew: false,
        displayName: r.display_name,
        nameRank: r.name_rank,
        createdAtUs: r.created_at_us,
        firstSeenUs: r.first_seen_us,
        lastActivityUs: r.last_activity_us,
        eventCount: r.event_count,
        mergedInto: r.merged_into,
      });
    }
  }
  return out;
}

async function upsertCustomers(tx: Tx, writer: RowWriter, changed: readonly CustomerState[]): Promise<void> {
  const rows = changed.map((c) => ({
    id: c.id,
    display_name: c.displayName,
    name_rank: c.nameRank,
    search_name: searchName(c.displayName),
    created_at_us: c.createdAtUs,
    merged_into: c.mergedInto,
    first_seen_us: c.firstSeenUs,
    last_activity_us: c.lastActivityUs,
    event_count: c.eventCount,
  }));
  await writer.insert(tx, 'customers', rows, {
    onConflict: { key: 'id', update: ['display_name', 'name_rank', 'search_name', 'merged_into', 'first_seen_us', 'last_activity_us', 'event_count'] },
  });
}
