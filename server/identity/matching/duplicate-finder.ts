import type { Actor, DuplicateSuggestion, IdentifierKindName } from '../../../shared/index.js';
import { linksOf } from '../household-links.js';
import { resolveCustomerId } from '../../customers/resolve-id.js';
import type { DuplicateFinder } from '../../domain.js';
import { MAX_IN_LIST, chunk } from '../../storage/batch.js';
import { MAX_BLOCK, blockingKeys } from './blocking.js';
import { DEFAULT_THRESHOLD, explain } from './matcher.js';
import { withEnteredValues } from './entered-values.js';
import { MatchIndex, type MatchIndexOptions } from './match-index.js';
import { subscribeMatchIndex } from './match-index-events.js';
import type { DomainEvents } from '../../events/bus.js';
import { blockMembers, matchDb, readProfiles, type MatchDb } from './match-store.js';
import type { Db } from '../../storage/schema.js';

const byScore = (a: DuplicateSuggestion, b: DuplicateSuggestion) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1);

/**
 * Suggestions for one customer, from the stored match index (match-index.ts): its profile and blocking keys, the
 * members of its blocks by index (blocks larger than MAX_BLOCK skipped, as in-memory blocking does), their
 * profiles by primary key, scored with the newest refitted model. Cost follows the customer's blocks, not the
 * customer base. Waits first for index updates queued before the request (an acknowledged change is never missed).
 */
export class SqlDuplicateFinder implements DuplicateFinder {
  private readonly mdb: MatchDb;

  constructor(
    private readonly db: Db,
    readonly index: MatchIndex,
    private readonly threshold = DEFAULT_THRESHOLD,
  ) {
    this.mdb = matchDb(db);
  }

  /** The finder with its index, subscribed to the domain's facts; `close` stops both. */
  static wire(o: MatchIndexOptions & { events: DomainEvents }): SqlDuplicateFinder {
    const index = new MatchIndex(o);
    const stop = subscribeMatchIndex(o.events, index);
    const finder = new SqlDuplicateFinder(o.db, index);
    finder.stop = async () => {
      stop();
      await index.close();
    };
    return finder;
  }

  private stop: () => Promise<void> = () => this.index.close();

  async close(): Promise<void> {
    await this.stop();
  }

  async duplicates(actor: Actor, customerId: string, limit: number): Promise<DuplicateSuggestion[] | null> {
    const survivor = await resolveCustomerId(this.db, customerId);
    if (!survivor) return null;
    await this.index.ready(survivor);
    const [model, mineRow] = await Promise.all([this.index.currentModel(), readProfiles(this.mdb, [survivor])]);
    const mine = mineRow.get(survivor)?.record;
    if (!mine) return [];
    const blocks = await blockMembers(this.mdb, [...new Set(blockingKeys(mine))], MAX_BLOCK + 1);
    const candidates = new Set<string>();
    for (const members of blocks.values()) if (members.length <= MAX_BLOCK) for (const id of members) candidates.add(id);
    candidates.delete(survivor);
    const links = await linksOf(this.db, survivor);
    const ids = [...new Set([...candidates, ...links.map((l) => l.otherId)])];
    const [profiles, names] = await Promise.all([readProfiles(this.mdb, ids), this.activeNames(ids)]);
    const out: DuplicateSuggestion[] = [];
    for (const id of candidates) {
      const theirs = profiles.get(id)?.record;
      const name = names.get(id);
      if (!theirs || name === undefined) continue;
      const { score, evidence } = explain(model, mine, theirs);
      if (score < this.threshold) continue;
      out.push({ customerId: id, displayName: name, score: Math.round(score * 1000) / 1000, evidence, reason: 'similar' });
    }
    out.sort(byScore);
    // Customers an event linked through a shared identifier (household card) are always listed, with the evidence kept then.
    const linked: DuplicateSuggestion[] = [];
    for (const link of links) {
      const theirs = profiles.get(link.otherId)?.record;
      const name = names.get(link.otherId);
      if (!theirs || name === undefined) continue;
      const { score, evidence } = explain(model, mine, theirs);
      // The matcher's rows now, plus what the link saw: the shared identifier (only its owner holds it) and fields the profile lacks.
      const now = new Set(evidence.map((e) => e.field));
      const merged = [...evidence.filter((e) => e.field !== 'sharedId'), ...link.evidence.filter((e) => e.field === 'sharedId' || !now.has(e.field))];
      const kind = link.identifierKey.slice(0, link.identifierKey.indexOf(':')) as IdentifierKindName;
      linked.push({ customerId: link.otherId, displayName: name, score: Math.round(score * 1000) / 1000, evidence: merged, reason: 'shared-identifier', sharedKind: kind });
    }
    const similar = out.filter((s) => !linked.some((l) => l.customerId === s.customerId)).slice(0, Math.max(0, limit - linked.length));
    return withEnteredValues(this.mdb, survivor, [...similar, ...linked].sort(byScore).slice(0, Math.max(limit, linked.length)));
  }

  /** Display names of the ids still active (a merged-away id is no suggestion). */
  private async activeNames(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunk(ids, MAX_IN_LIST)) {
      const rows = await this.db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', part).where('merged_into', 'is', null).execute();
      for (const r of rows) out.set(r.id, r.display_name);
    }
    return out;
  }
}
