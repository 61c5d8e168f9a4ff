import type { CustomerSnapshot } from '../storage/schema.js';
import { newId } from '../storage/ids.js';
import type { DisplayCandidate } from './display-name.js';
import type { Identifier } from './normalize.js';

/*
 * Identity resolution for one ingest batch, in memory. The ingest service loads the owners of
 * the batch's identifiers (and those customers) in a few IN (...) queries, feeds events through
 * `assign` in batch order, then writes the plan: new customers, merges (in order), new identifiers.
 * Invariant kept in storage: an identifier always points at an active (not merged-away) customer.
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

export interface NewIdentifier {
  identifier: Identifier;
  originCustomerId: string;
  /** The batch event that brought this identifier. */
  eventIndex: number;
}

export class IdentityResolver {
  readonly merges: PlannedMerge[] = [];
  readonly newIdentifiers: NewIdentifier[] = [];
  /** Customers whose row must be written (created, changed, or merged away). */
  readonly touched = new Set<string>();
  private readonly owners: Map<string, string>;
  private readonly batchIdents = new Map<string, string[]>();
  private readonly batchEvents = new Map<string, number[]>();

  /**
   * @param owners identifier key -> active customer id, as stored
   * @param customers the stored rows of those customers
   */
  constructor(
    owners: Map<string, string>,
    private readonly customers: Map<string, CustomerState>,
    private readonly nowUs: number,
  ) {
    this.owners = new Map(owners);
  }

  /** Follows merges made in this batch to the current survivor. */
  resolve(id: string): string {
    let cur = id;
    for (let c = this.customers.get(cur); c?.mergedInto; c = this.customers.get(cur)) cur = c.mergedInto;
    return cur;
  }

  /** Attributes one event; returns the customer it lands on now (its origin customer). */
  assign(eventIndex: number, identifiers: readonly Identifier[], display: DisplayCandidate, occurredUs: number): string {
    // Which active customers do this event's identifiers already belong to? (first identifier first)
    const hits: { customerId: string; key: string }[] = [];
    for (const i of identifiers) {
      const owner = this.owners.get(i.key);
      if (owner === undefined) continue;
      const cid = this.resolve(owner);
      if (!hits.some((h) => h.customerId === cid)) hits.push({ customerId: cid, key: i.key });
    }

    let target: CustomerState;
    if (hits.length === 0) {
      target = this.create(display, occurredUs);
    } else {
      const sorted = hits.map((h) => ({ ...h, c: this.customers.get(h.customerId)! })).sort((a, b) => older(a.c, b.c));
      target = sorted[0]!.c;
      for (const other of sorted.slice(1)) this.merge(other.c, target, other.key, eventIndex);
    }

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
