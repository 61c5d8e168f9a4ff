import type { Kysely, Transaction } from 'kysely';
import type { IdentifierScopes, MatchEvidence } from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { RowWriter } from '../storage/row-writer.js';
import type { Schema } from '../storage/schema.js';
import { DOB_DATA_PATTERNS, dobOf } from './matching/profile-attributes.js';
import type { Identifier } from './normalize.js';
import type { PersonEvidence } from './person-evidence.js';
import type { IdentityResolver, ResolverContext } from './resolver.js';

/*
 * Storage side of household identifiers (identity_links, migration 0006): what the resolver needs to know
 * before a batch (birth dates of the owners of shared identifiers, customers linked through them), and the
 * links it decided, written beside the batch's events.
 */

type Tx = Transaction<Schema> | Kysely<Schema>;

/**
 * Follows merged_into to the active survivor of each id (ids unknown to the table map to themselves).
 * `writer`: ingest's row writer, whose embedded reads are one cached statement whatever the list length.
 */
export async function survivors(tx: Tx, ids: readonly string[], writer?: RowWriter): Promise<Map<string, string>> {
  const out = new Map(ids.map((id) => [id, id]));
  let frontier = [...new Set(ids)];
  for (let depth = 0; frontier.length > 0 && depth < 32; depth++) {
    const next = new Map<string, string>();
    for (const part of writer?.embedded ? [frontier] : chunk(frontier, MAX_IN_LIST)) {
      const rows = writer?.embedded
        ? writer.selectIn<{ id: string; merged_into: string | null }>('select id, merged_into from customers where id in (select value from json_each(?))', [], part)
        : await tx.selectFrom('customers').select(['id', 'merged_into']).where('id', 'in', part).execute();
      for (const r of rows) if (r.merged_into) next.set(r.id, r.merged_into);
    }
    for (const [id, cur] of out) if (next.has(cur)) out.set(id, next.get(cur)!);
    frontier = [...new Set(next.values())];
  }
  return out;
}

/**
 * Context for one batch: customers linked earlier through its shared identifiers, and the stored birth dates of
 * every customer a shared identifier may bring in. Returns the extra customer ids the resolver must know.
 */
export async function loadSharedContext(
  tx: Tx,
  events: readonly { identifiers: readonly Identifier[]; dob: string }[],
  owners: ReadonlyMap<string, string>,
  scopes: IdentifierScopes,
  writer?: RowWriter,
): Promise<{ context: ResolverContext; customerIds: string[] }> {
  const keys = new Set<string>();
  for (const e of events) for (const i of e.identifiers) if (scopes[i.kind] === 'shared') keys.add(i.key);
  if (keys.size === 0) return { context: { scopes }, customerIds: [] };
  type LinkRow = { identifier_key: string; customer_id: string };
  let linkRows: LinkRow[] = [];
  if (writer?.embedded) {
    linkRows = writer.selectIn<LinkRow>('select identifier_key, customer_id from identity_links where identifier_key in (select value from json_each(?))', [], [...keys]);
  } else {
    for (const part of chunk([...keys], MAX_IN_LIST)) {
      linkRows.push(...(await tx.selectFrom('identity_links').select(['identifier_key', 'customer_id']).where('identifier_key', 'in', part).execute()));
    }
  }
  const active = await survivors(tx, linkRows.map((r) => r.customer_id), writer);
  const links = new Map<string, string[]>();
  for (const r of linkRows) {
    const id = active.get(r.customer_id)!;
    const list = links.get(r.identifier_key) ?? [];
    if (!list.includes(id)) list.push(id);
    links.set(r.identifier_key, list);
  }
  // Stored birth dates matter only against an event that carries one (given names come from display names):
  // batches without birth dates (most live traffic) skip this read.
  const datedKeys = new Set(events.filter((e) => e.dob).flatMap((e) => e.identifiers.filter((i) => scopes[i.kind] === 'shared').map((i) => i.key)));
  const people = [...new Set([...datedKeys].flatMap((k) => [owners.get(k), ...(links.get(k) ?? [])]).filter((x): x is string => Boolean(x)))];
  const evidence = new Map<string, PersonEvidence>();
  for (const part of chunk(people, MAX_IN_LIST)) {
    // Only events that mention a birth date are read (the same LIKE prefilter in both dialects).
    const rows = await tx
      .selectFrom('events')
      .select(['customer_id', 'data'])
      .where('customer_id', 'in', part)
      .where((eb) => eb.or(DOB_DATA_PATTERNS.map((p) => eb('data', 'like', p))))
      .orderBy('seq')
      .execute();
    for (const row of rows) {
      const dob = dobOf(parseObject(row.data));
      if (dob) evidence.set(row.customer_id, { given: '', dob });
    }
  }
  return { context: { scopes, links, evidence }, customerIds: [...active.values()] };
}

/** The resolver's links, pointing at final survivors, once the batch's event ids are known. */
export async function writeLinks(tx: Tx, resolver: IdentityResolver, eventIds: ReadonlyMap<number, string>, nowUs: number): Promise<void> {
  const rows = resolver.links
    .map((l) => ({
      identifier_key: l.identifierKey,
      customer_id: resolver.resolve(l.customerId),
      other_id: resolver.resolve(l.otherId),
      event_id: eventIds.get(l.eventIndex)!,
      evidence: JSON.stringify(l.evidence),
      created_at_us: nowUs,
    }))
    .filter((r) => r.customer_id !== r.other_id);
  for (const part of chunk(rows, 200)) {
    await tx
      .insertInto('identity_links')
      .values(part)
      .onConflict((oc) => oc.columns(['identifier_key', 'customer_id', 'other_id']).doNothing())
      .execute();
  }
}

export interface StoredLink {
  /** The other customer (active survivor). */
  otherId: string;
  identifierKey: string;
  evidence: MatchEvidence[];
}

/** Links naming this customer on either side, as seen from it (survivors followed; self-links after merges dropped). */
export async function linksOf(tx: Tx, customerId: string): Promise<StoredLink[]> {
  const rows = await tx
    .selectFrom('identity_links')
    .select(['identifier_key', 'customer_id', 'other_id', 'evidence'])
    .where((eb) => eb.or([eb('customer_id', '=', customerId), eb('other_id', '=', customerId)]))
    .orderBy('created_at_us')
    .execute();
  // Links made before a merge name the merged-away id: ask for those too.
  const merged = await tx.selectFrom('customers').select('id').where('merged_into', '=', customerId).execute();
  if (merged.length > 0) {
    const ids = merged.map((m) => m.id);
    rows.push(
      ...(await tx
        .selectFrom('identity_links')
        .select(['identifier_key', 'customer_id', 'other_id', 'evidence'])
        .where((eb) => eb.or([eb('customer_id', 'in', ids), eb('other_id', 'in', ids)]))
        .execute()),
    );
  }
  const active = await survivors(tx, rows.flatMap((r) => [r.customer_id, r.other_id]));
  const out = new Map<string, StoredLink>();
  for (const r of rows) {
    const a = active.get(r.customer_id)!;
    const b = active.get(r.other_id)!;
    const other = a === customerId ? b : b === customerId ? a : null;
    if (!other || other === customerId || out.has(other)) continue;
    out.set(other, { otherId: other, identifierKey: r.identifier_key, evidence: JSON.parse(r.evidence) as MatchEvidence[] });
  }
  return [...out.values()];
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
