import { identifierScopes, type DuplicateSuggestion, type IdentifierKindName, type IdentifierScopes } from '../../../shared/index.js';
import { linksOf } from '../household-links.js';
import { resolveCustomerId } from '../../customers/resolve-id.js';
import type { DuplicateFinder } from '../../domain.js';
import type { Db } from '../../storage/schema.js';
import { candidatesFor, index } from './blocking.js';
import { FIELDS, compareLevels } from './compare.js';
import { estimateModel, type FsModel } from './fellegi-sunter.js';
import { DEFAULT_THRESHOLD, explain } from './matcher.js';
import { loadMatchRecords } from './profile-attributes.js';
import type { MatchRecord } from './record.js';
import { dedupPairs } from './blocking.js';

const byScore = (a: DuplicateSuggestion, b: DuplicateSuggestion) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1);

/** A built index is reused for new events this long; merges and undos (and unknown customers) rebuild at once. */
const MAX_INDEX_AGE_MS = 30_000;

interface MatchIndex {
  builtAt: number;
  /** Merges / undos / active customers when built: any change rebuilds. */
  structure: string;
  /** Highest event seq when built: newer events rebuild only after MAX_INDEX_AGE_MS. */
  seq: number;
  records: MatchRecord[];
  byId: Map<string, number>;
  blocks: Map<string, number[]>;
  model: FsModel;
  names: Map<string, string>;
}

/**
 * Suggestions for one customer. The index (records, blocks, EM-estimated model) is rebuilt when merges or
 * undos changed the customers, when the customer asked about is not in it yet, or when it is older than
 * MAX_INDEX_AGE_MS and new events arrived: a live event stream does not rebuild it on every question.
 */
export class SqlDuplicateFinder implements DuplicateFinder {
  private cache: Promise<MatchIndex> | null = null;

  constructor(
    private readonly db: Db,
    private readonly threshold = DEFAULT_THRESHOLD,
    private readonly scopes: IdentifierScopes = identifierScopes(),
  ) {}

  async duplicates(customerId: string, limit: number): Promise<DuplicateSuggestion[] | null> {
    const survivor = await resolveCustomerId(this.db, customerId);
    if (!survivor) return null;
    const idx = await this.index(survivor);
    const me = idx.byId.get(survivor);
    if (me === undefined) return [];
    const mine = idx.records[me]!;
    const out: DuplicateSuggestion[] = [];
    for (const j of candidatesFor(mine, idx.blocks)) {
      if (j === me) continue;
      const { score, evidence } = explain(idx.model, mine, idx.records[j]!);
      if (score < this.threshold) continue;
      const id = idx.records[j]!.id;
      out.push({ customerId: id, displayName: idx.names.get(id) ?? id, score: Math.round(score * 1000) / 1000, evidence, reason: 'similar' });
    }
    out.sort(byScore);
    // Customers an event linked through a shared identifier (household card) are always listed, with the evidence kept then.
    const linked: DuplicateSuggestion[] = [];
    for (const link of await linksOf(this.db, survivor)) {
      const j = idx.byId.get(link.otherId);
      if (j === undefined) continue;
      const { score, evidence } = explain(idx.model, mine, idx.records[j]!);
      // The matcher's rows now, plus what the link saw: the shared identifier (only its owner holds it) and fields the profile lacks.
      const now = new Set(evidence.map((e) => e.field));
      const merged = [...evidence.filter((e) => e.field !== 'sharedId'), ...link.evidence.filter((e) => e.field === 'sharedId' || !now.has(e.field))];
      const kind = link.identifierKey.slice(0, link.identifierKey.indexOf(':')) as IdentifierKindName;
      linked.push({ customerId: link.otherId, displayName: idx.names.get(link.otherId) ?? link.otherId, score: Math.round(score * 1000) / 1000, evidence: merged, reason: 'shared-identifier', sharedKind: kind });
    }
    const similar = out.filter((s) => !linked.some((l) => l.customerId === s.customerId)).slice(0, Math.max(0, limit - linked.length));
    return [...similar, ...linked].sort(byScore).slice(0, Math.max(limit, linked.length));
  }

  private async stamp(): Promise<{ structure: string; seq: number }> {
    const ev = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirst();
    const cu = await this.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merged_into', 'is', null)
      .executeTakeFirst();
    const mg = await this.db
      .selectFrom('merges')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('undone_at_us').as('u')])
      .executeTakeFirst();
    return { structure: `${cu?.n ?? 0}:${mg?.n ?? 0}:${mg?.u ?? 0}`, seq: Number(ev?.s ?? 0) };
  }

  private async index(customerId: string): Promise<MatchIndex> {
    const now = await this.stamp();
    const current = this.cache ? await this.cache.catch(() => null) : null;
    const fresh =
      current &&
      current.structure === now.structure &&
      current.byId.has(customerId) &&
      (current.seq === now.seq || Date.now() - current.builtAt < MAX_INDEX_AGE_MS);
    if (!fresh) {
      const building = this.build(now);
      this.cache = building;
      building.catch(() => {
        if (this.cache === building) this.cache = null;
      });
      return building;
    }
    return current;
  }

  private async build(stamp: { structure: string; seq: number }): Promise<MatchIndex> {
    const records = await loadMatchRecords(this.db, this.scopes);
    const names = new Map<string, string>();
    const rows = await this.db.selectFrom('customers').select(['id', 'display_name']).where('merged_into', 'is', null).execute();
    for (const r of rows) names.set(r.id, r.display_name);
    // EM on the blocked pairs of the whole customer base: the weights follow this hub's data, not a fixed file.
    const pairs = dedupPairs(records);
    const F = FIELDS.length;
    const vectors = new Int8Array((pairs.length / 2) * F);
    for (let p = 0; p < pairs.length / 2; p++) vectors.set(compareLevels(records[pairs[2 * p]!]!, records[pairs[2 * p + 1]!]!), p * F);
    const model = estimateModel(vectors);
    return { builtAt: Date.now(), structure: stamp.structure, seq: stamp.seq, records, byId: new Map(records.map((r, i) => [r.id, i])), blocks: index(records), model, names };
  }
}
