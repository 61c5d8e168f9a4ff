import type { IdentifierScopes } from '../../../shared/index.js';
import { survivors } from '../household-links.js';
import type { RowWriter } from '../../storage/row-writer.js';
import type { Db } from '../../storage/schema.js';
import { blockingKeys } from './blocking.js';
import { applyEvent, mergeAttrs, suppliedBy, type AttrEvent, type MatchAttrs } from './match-attrs.js';
import { attrsFromEvents, buildRecord, readFacts, readProfiles, writeProfiles, type ApplyMark, type MatchDb, type ProfileWrite } from './match-store.js';

/* One part of a match-index drain (match-index.ts decides the parts and the transaction). */

/** A drain's customers in parts of at most ~`size` (one transaction each); a merge's two sides stay in one part. */
export function partsOf(merges: readonly { fromId: string; intoId: string }[], ids: Iterable<string>, size: number): Set<string>[] {
  const parts: Set<string>[] = [];
  const placed = new Set<string>();
  let cur = new Set<string>();
  const place = (group: string[]) => {
    if (cur.size + group.length > size && cur.size > 0) {
      parts.push(cur);
      cur = new Set();
    }
    for (const id of group) {
      cur.add(id);
      placed.add(id);
    }
  };
  for (const m of merges) place([m.fromId, m.intoId]);
  for (const id of ids) if (!placed.has(id)) place([id]);
  if (cur.size > 0) parts.push(cur);
  return parts;
}

/** What one part applies: its customers, the events added to them, who is rebuilt from events, the merges among them. */
export interface PartChanges {
part: Set<string>;
items: Map<string, AttrEvent[]>;
recompute: Set<string>;
merges: readonly { fromId: string; intoId: string }[];
/** Customers whose name or identifiers may have changed; absent = every customer of the part. */
light?: ReadonlySet<string>;
}

/**
 * Applies one part inside the caller's transaction: attributes joined in memory, records rebuilt, changed profiles
 * and keys written (with `mark`, the position a restart may resume from). Returns the survivors outside `part`
 * that must be rebuilt, and how many records changed (the refit counts them).
 */
export async function applyPart(tx: MatchDb, { part, items, recompute, merges, light }: PartChanges, scopes: IdentifierScopes, mark: ApplyMark | null, writer?: RowWriter): Promise<{ outside: string[]; changed: number }> {
let changed = 0;
  const stored = await readProfiles(tx, [...part]);
  const attrs = new Map<string, MatchAttrs>();
  // Rebuilt from events: asked for, or no profile yet (new customer, or the backfill has not reached it).
  const full = new Set<string>([...part].filter((id) => recompute.has(id) || !stored.has(id)));
  for (const id of part) if (!full.has(id)) attrs.set(id, { ...stored.get(id)!.attrs });
  for (const [id, list] of items) {
    if (!part.has(id) || full.has(id)) continue;
    const a = attrs.get(id)!;
    // An upsert of an event that supplied an attribute: its old data may have set what the new data does not.
    if (list.some((e) => suppliedBy(a, e.id))) full.add(id);
    else for (const e of list) applyEvent(a, e);
  }
  const joined = new Set<string>();
  for (const m of merges) {
    const from = attrs.get(m.fromId);
    const into = attrs.get(m.intoId);
    if (from && into && !full.has(m.fromId) && !full.has(m.intoId)) attrs.set(m.intoId, mergeAttrs(from, into));
    else full.add(m.intoId);
    joined.add(m.fromId);
    attrs.delete(m.fromId);
  }
  // Quiet: only new events that set no matching attribute, on a customer whose name and identifiers did not change
  // (ingest says which did) and no merge: its record cannot have changed, so its facts are not even read. In a bulk
  // load that is most customers of a part, and reading their identifiers was most of the index's cost.
  const merging = new Set(merges.flatMap((m) => [m.fromId, m.intoId]));
  const quiet = new Set<string>();
  if (light) {
    for (const id of part) {
      if (full.has(id) || light.has(id) || merging.has(id)) continue;
      if (!(items.get(id) ?? []).some((e) => Object.keys(e.fields).length > 0)) quiet.add(id);
    }
  }
  const loud = quiet.size === 0 ? [...part] : [...part].filter((id) => !quiet.has(id));
  const facts = await readFacts(tx, loud);
  // Ids merged away (or gone) lose their profile; a survivor that did not get their attributes above is rebuilt.
  const gone = loud.filter((id) => facts.get(id)?.mergedInto !== null);
  const outside: string[] = [];
  const toRebuild = gone.filter((id) => !joined.has(id) && facts.has(id));
  if (toRebuild.length > 0) {
    const to = await survivors(tx as unknown as Db, toRebuild);
    for (const id of toRebuild) {
      const s = to.get(id)!;
      if (s === id) continue;
      if (part.has(s)) full.add(s);
      else outside.push(s);
    }
  }
  const live = loud.filter((id) => facts.get(id)?.mergedInto === null);
  const fromEvents = await attrsFromEvents(tx, live.filter((id) => full.has(id)));
  const writes: ProfileWrite[] = [];
  for (const id of live) {
    const a = fromEvents.get(id) ?? attrs.get(id) ?? {};
    const record = buildRecord(facts.get(id)!, a, scopes);
    const json = JSON.stringify(record);
    const before = stored.get(id);
    if (before && before.recordJson === json && JSON.stringify(before.attrs) === JSON.stringify(a)) continue;
    const keys = [...new Set(blockingKeys(record))];
    const oldKeys = before ? [...new Set(blockingKeys(before.record))] : null;
    writes.push({ id, record: json, attrs: a, keys: oldKeys && oldKeys.join('\n') === keys.join('\n') ? null : keys });
    if (!before || before.recordJson !== json) changed++;
  }
  await writeProfiles(tx, writes, gone, mark ?? undefined, writer);
  return { outside, changed };
}
