import { identifierScopes, type IdentifierScopes, type MatchEvidence } from '../../shared/index.js';
import type { CustomerSnapshot } from '../storage/schema.js';
import { newId } from '../storage/ids.js';
import type { DisplayCandidate } from './display-name.js';
import type { Identifier } from './normalize.js';
import { NO_EVIDENCE, combine, disagrees, givenOf, linkEvidence, type PersonEvidence } from './person-evidence.js';

/*
 * Identity resolution for one ingest batch, in memory. The ingest service loads the owners of
 * the batch's identifiers (and those customers) in a few IN (...) queries, feeds events through
 * `assign` in batch order, then writes the plan: new customers, merges (in order), new identifiers.
 * Invariant kept in storage: an identifier always points at an active (not merged-away) customer.
 *
 * Person identifiers (email, phone, …) merge the customers they bridge. Shared identifiers (a household's
 * loyalty card, by default) merge only when the people agree: an event whose given name or birth date
 * disagrees with the card owner's is linked to it instead (a duplicate suggestion with evidence), and lands
 * where its person identifiers point — or on a customer already linked through that card who agrees, or a new one.
 */

export interface CustomerState {
  id: string;
  isNew: boolean;
  displayName: string;
  nameRank: number;
  createdAtUs: number;
  firstSeenUs: number;
  lastActivityUs: number;
  eventCount: number;
  mergedInto: string | null;
}

export interface PlannedMerge {
  id: string;
  fromId: string;
  intoId: string;
  /** Key of the event identifier that belonged to `fromId`, e.g. `phone:+14155550142`. */
  bridgingIdentifier: string;
  atUs: number;
  /** Identifiers / events created earlier in this batch that sat on `fromId` when it merged. */
  batchIdentifierKeys: string[];
  batchEventIndexes: number[];
  /** The batch event whose identifiers caused this merge (undo treats it and later events as post-merge). */
  bridgingEventIndex: number;
  from: CustomerSnapshot;
  into: CustomerSnapshot;
}

/** A shared identifier met two people who disagree: a link (and duplicate suggestion) instead of a merge. */
export interface PlannedLink {
  identifierKey: string;
  /** Where the event landed (follow `resolve` at write time). */
  customerId: string;
  /** Who owns the shared identifier. */
  otherId: string;
  eventIndex: number;
  evidence: MatchEvidence[];
}

export interface ResolverContext {
  scopes?: IdentifierScopes;
  /** Birth dates known for stored customers (given names come from their display names). */
  evidence?: Map<string, PersonEvidence>;
  /** Shared identifier key -> customers linked through it earlier (not its owner). */
  links?: Map<string, string[]>;
}

export interface NewIdentifier {
  identifier: Identifier;
  originCustomerId: string;
  /** The batch event that brought this identifier. */
  eventIndex: number;
}

export class IdentityResolver {
  readonly merges: PlannedMerge[] = [];
  readonly newIdentifiers: NewIdentifier[] = [];
  readonly links: PlannedLink[] = [];
  /** Customers whose row must be written (created, changed, or merged away). */
  readonly touched = new Set<string>();
  private readonly owners: Map<string, string>;
  private readonly batchIdents = new Map<string, string[]>();
  private readonly batchEvents = new Map<string, number[]>();
  private readonly scopes: IdentifierScopes;
  private readonly evidence: Map<string, PersonEvidence>;
  private readonly linked: Map<string, string[]>;

  /**
   * @param owners identifier key -> active customer id, as stored
   * @param customers the stored rows of those customers
   */
  constructor(
    owners: Map<string, string>,
    private readonly customers: Map<string, CustomerState>,
    private readonly nowUs: number,
    context: ResolverContext = {},
  ) {
    this.owners = new Map(owners);
    this.scopes = context.scopes ?? identifierScopes();
    this.evidence = new Map(context.evidence ?? []);
    this.linked = new Map([...(context.links ?? new Map<string, string[]>())].map(([k, v]) => [k, [...v]]));
  }

  /** Follows merges made in this batch to the current survivor. */
  resolve(id: string): string {
    let cur = id;
    for (let c = this.customers.get(cur); c?.mergedInto; c = this.customers.get(cur)) cur = c.mergedInto;
    return cur;
  }

  /** Attributes one event; returns the customer it lands on now (its origin customer). */
  assign(eventIndex: number, identifiers: readonly Identifier[], display: DisplayCandidate, occurredUs: number, person: PersonEvidence = NO_EVIDENCE): string {
    // Which active customers do this event's identifiers already belong to? Person identifiers first.
    const personHits: Hit[] = [];
    const sharedHits: Hit[] = [];
    this.collectHits(identifiers, false, personHits, sharedHits);
    this.collectHits(identifiers, true, personHits, sharedHits);

    let target: CustomerState | null = null;
    if (personHits.length === 1) {
      // Most events: one known person, nothing to order or merge.
      target = this.customers.get(personHits[0]!.customerId)!;
    } else if (personHits.length > 1) {
      const sorted = personHits.map((h) => ({ ...h, c: this.customers.get(h.customerId)! })).sort((a, b) => older(a.c, b.c));
      target = sorted[0]!.c;
      for (const other of sorted.slice(1)) this.merge(other.c, target, other.key, eventIndex);
    }
    const byAge = sharedHits.length === 0 ? NO_HITS : sharedHits.map((h) => ({ ...h, c: this.customers.get(h.customerId)! })).sort((a, b) => older(a.c, b.c));
    // Only a shared identifier: the owner whose person evidence fits, else someone already linked through it who fits, else someone new.
    target ??= byAge.find((h) => !disagrees(person, this.evidenceOf(h.customerId)))?.c ?? this.linkedFit(sharedHits, person) ?? this.create(display, occurredUs);
    for (const hit of byAge) {
      const other = this.customers.get(this.resolve(hit.customerId))!;
      if (other.id === target.id) continue;
      const theirs = this.evidenceOf(other.id);
      if (disagrees(person, theirs) || disagrees(combine(person, this.evidenceOf(target.id)), theirs)) {
        this.link(hit.key, target.id, other.id, eventIndex, linkEvidence(combine(person, this.evidenceOf(target.id)), theirs, hit.key));
      } else if (older(other, target) < 0) {
        this.merge(target, other, hit.key, eventIndex);
        target = other;
      } else {
        this.merge(other, target, hit.key, eventIndex);
      }
    }
    this.evidence.set(target.id, combine(this.evidenceOf(target.id), person));

    for (const i of identifiers) {
      if (this.owners.has(i.key)) continue;
      this.owners.set(i.key, target.id);
      this.newIdentifiers.push({ identifier: i, originCustomerId: target.id, eventIndex });
      push(this.batchIdents, target.id, i.key);
    }
    push(this.batchEvents, target.id, eventIndex);
    target.eventCount += 1;
    target.firstSeenUs = Math.min(target.firstSeenUs, occurredUs);
    target.lastActivityUs = Math.max(target.lastActivityUs, occurredUs);
    if (display.rank > target.nameRank) {
      target.displayName = display.name;
      target.nameRank = display.rank;
    }
    this.touched.add(target.id);
    return target.id;
  }

  /** Owners of this event's person (or shared) identifiers, each customer once (no closures: runs per event). */
  private collectHits(identifiers: readonly Identifier[], shared: boolean, personHits: Hit[], sharedHits: Hit[]): void {
    for (const i of identifiers) {
      if ((this.scopes[i.kind] === 'shared') !== shared) continue;
      const owner = this.owners.get(i.key);
      if (owner === undefined) continue;
      const cid = this.resolve(owner);
      if (hasCustomer(personHits, cid) || hasCustomer(sharedHits, cid)) continue;
      (shared ? sharedHits : personHits).push({ customerId: cid, key: i.key });
    }
  }

  /** Person evidence of a customer: what this batch learned, else birth date as stored and the given name of its display name. */
  evidenceOf(customerId: string): PersonEvidence {
    const c = this.customers.get(customerId);
    const known = this.evidence.get(customerId) ?? NO_EVIDENCE;
    return c ? combine(known, { given: givenOf(c.displayName, c.nameRank), dob: '' }) : known;
  }

  private linkedFit(hits: readonly Hit[], person: PersonEvidence): CustomerState | null {
    const candidates: CustomerState[] = [];
    for (const h of hits) {
      for (const id of this.linked.get(h.key) ?? []) {
        const c = this.customers.get(this.resolve(id));
        if (c && !disagrees(person, this.evidenceOf(c.id))) candidates.push(c);
      }
    }
    return candidates.sort(older)[0] ?? null;
  }

  private link(identifierKey: string, customerId: string, otherId: string, eventIndex: number, evidence: MatchEvidence[]): void {
    const list = this.linked.get(identifierKey) ?? [];
    if (!list.includes(customerId)) list.push(customerId);
    this.linked.set(identifierKey, list);
    if (this.links.some((l) => l.identifierKey === identifierKey && this.resolve(l.customerId) === customerId && this.resolve(l.otherId) === otherId)) return;
    this.links.push({ identifierKey, customerId, otherId, eventIndex, evidence });
  }

  changedCustomers(): CustomerState[] {
    return [...this.touched].map((id) => this.customers.get(id)!);
  }

  private create(display: DisplayCandidate, occurredUs: number): CustomerState {
    const c: CustomerState = {
      id: newId('cus'),
      isNew: true,
      displayName: display.name,
      nameRank: display.rank,
      createdAtUs: this.nowUs,
      firstSeenUs: occurredUs,
      lastActivityUs: occurredUs,
      eventCount: 0,
      mergedInto: null,
    };
    this.customers.set(c.id, c);
    return c;
  }

  private merge(from: CustomerState, into: CustomerState, bridgingIdentifier: string, bridgingEventIndex: number): void {
    const identKeys = this.batchIdents.get(from.id) ?? [];
    const eventIdx = this.batchEvents.get(from.id) ?? [];
    this.merges.push({
      id: newId('mrg'),
      fromId: from.id,
      intoId: into.id,
      bridgingIdentifier,
      atUs: this.nowUs,
      batchIdentifierKeys: [...identKeys],
      batchEventIndexes: [...eventIdx],
      bridgingEventIndex,
      from: snapshot(from),
      into: snapshot(into),
    });
    for (const k of identKeys) push(this.batchIdents, into.id, k);
    for (const e of eventIdx) push(this.batchEvents, into.id, e);
    this.batchIdents.delete(from.id);
    this.batchEvents.delete(from.id);

    this.evidence.set(into.id, combine(this.evidenceOf(into.id), this.evidenceOf(from.id)));
    from.mergedInto = into.id;
    into.eventCount += from.eventCount;
    into.firstSeenUs = Math.min(into.firstSeenUs, from.firstSeenUs);
    into.lastActivityUs = Math.max(into.lastActivityUs, from.lastActivityUs);
    if (from.nameRank > into.nameRank) {
      into.displayName = from.displayName;
      into.nameRank = from.nameRank;
    }
    this.touched.add(from.id);
    this.touched.add(into.id);
  }
}

interface Hit {
  customerId: string;
  key: string;
}

/** Most events carry no shared identifier: one empty list for all of them. */
const NO_HITS: readonly (Hit & { c: CustomerState })[] = [];

function hasCustomer(hits: readonly Hit[], customerId: string): boolean {
  for (const h of hits) if (h.customerId === customerId) return true;
  return false;
}

/** Oldest first: created earlier, then the smaller (earlier-minted) id. */
function older(a: CustomerState, b: CustomerState): number {
  if (a.createdAtUs !== b.createdAtUs) return a.createdAtUs - b.createdAtUs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function snapshot(c: CustomerState): CustomerSnapshot {
  return { displayName: c.displayName, nameRank: c.nameRank, eventCount: c.eventCount, firstSeenUs: c.firstSeenUs, lastActivityUs: c.lastActivityUs };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}
