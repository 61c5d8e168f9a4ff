import { unlink } from 'node:fs/promises';
import type { Transaction } from 'kysely';
import { microsToIso, systemActor, type Actor, type ChannelConsent, type ConsentChannel, type ConsentState, type CustomerExport, type ErasureResult, type PrivacyRequest, type PrivacyRequestKind } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import { readSummaries } from '../customers/read-summaries.js';
import { EVENT_COLUMNS, toTimelineItem } from '../customers/rows.js';
import { NotFoundError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import { MAX_IN_LIST, chunk, nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { Mutex } from '../storage/mutex.js';
import type { Db, Dialect, Schema } from '../storage/schema.js';
import { consentsFromTable } from './consent-signals.js';
import { eraseInTransaction, personRecords } from './erase.js';
import { attachmentPath, buildExport } from './export.js';
import { privacyDb, type PrivacyDb } from './tables.js';
import { eventTombstone } from './tombstones.js';

export interface PrivacyServiceOptions {
  db: Db;
  dialect: Dialect;
  /** The hub's one write lock: an erasure never interleaves with ingest, merges or undos in this process. */
  writeLock: Mutex;
  events: DomainEventPublisher;
  customers: SqlCustomerQueries;
}

/** Anonymised items sent to open consoles after an erasure (older ones are anonymised on the next read). */
const LIVE_ITEMS = 500;

/** Who a sender's privacy request names, by the identifiers the hub may hold. */
export interface PersonLookup {
  externalIds?: string[];
  emails?: string[];
  phones?: string[];
  /** (source, sourceEventId) of events the request names (Shopify: `order:<id>`). */
  events?: { source: string; sourceEventId: string }[];
}

export interface NewPrivacyRequest {
  kind: PrivacyRequestKind;
  connector: string;
  shop: string | null;
  deliveryKey: string;
  customerId: string | null;
  description: string;
  status: 'open' | 'done';
}

/** What anything that sends marketing asks before it does: is this channel allowed for this customer? */
export interface ConsentPort {
  consentFor(customerId: string, channel: ConsentChannel): Promise<ConsentState>;
}

/**
 * Privacy requests: export (JSON / ZIP), erasure with tombstones, the requests senders make, and per-channel
 * marketing consent read from the signals kept with the events. Every write is one transaction with its audit row.
 */
export class PrivacyService implements ConsentPort {
  private readonly pdb: PrivacyDb;

  constructor(private readonly o: PrivacyServiceOptions) {
    this.pdb = privacyDb(o.db);
  }

  private async survivor(actor: Actor, id: string): Promise<string> {
    const survivor = await this.o.customers.resolveId(actor, id);
    if (!survivor) throw new NotFoundError('id', `no customer ${id}`);
    return survivor;
  }

  // ----- consent -----

  /** Each channel's consent with its source event (the profile shows these): two index seeks in consent_signals, no event read. */
  consentsOf(survivorId: string): Promise<ChannelConsent[]> {
    return consentsFromTable(this.o.db, survivorId);
  }

  async consents(actor: Actor, id: string): Promise<{ customerId: string; consents: ChannelConsent[] }> {
    const survivor = await this.survivor(actor, id);
    return { customerId: survivor, consents: await this.consentsOf(survivor) };
  }

  async consentFor(customerId: string, channel: ConsentChannel): Promise<ConsentState> {
    const survivor = await this.o.customers.resolveId(systemActor('sweep'), customerId);
    if (!survivor) return 'unknown';
    return (await this.consentsOf(survivor)).find((c) => c.channel === channel)?.state ?? 'unknown';
  }

  // ----- export -----

  async exportCustomer(actor: Actor, id: string, attachmentsDir: string | undefined): Promise<CustomerExport> {
    const survivor = await this.survivor(actor, id);
    const ids = await this.o.db.transaction().execute((tx) => personRecords(tx, survivor));
    const [consents, requests] = await Promise.all([this.consentsOf(survivor), this.requestsAbout(ids)]);
    const data = await buildExport(this.o.db, ids, consents, requests, attachmentsDir);
    const nowUs = nowMicros();
    await this.o.db.transaction().execute(async (tx) => {
      await appendAudit(tx, { atUs: nowUs, actor, action: 'privacy.export', subject: { type: 'customer', id: survivor }, payload: { records: ids.length, events: data.timeline.length, attachments: data.attachments.length } });
      // An admin exporting the person answers the data requests waiting for them.
      await tx
        .withTables<{ privacy_requests: { customer_id: string | null; kind: string; status: string; resolved_at_us: number | null } }>()
        .updateTable('privacy_requests')
        .set({ status: 'done', resolved_at_us: nowUs })
        .where('customer_id', 'in', ids)
        .where('kind', '=', 'data_request')
        .where('status', '=', 'open')
        .execute();
    });
    return data;
  }

  // ----- erasure -----

  async erase(actor: Actor, id: string, reason: string, attachmentsDir: string | undefined, request?: NewPrivacyRequest): Promise<ErasureResult> {
    const survivor = await this.survivor(actor, id);
    const nowUs = nowMicros();
    const out = await this.o.writeLock.run(() =>
      this.o.db.transaction().execute(async (tx) => {
        const erased = await eraseInTransaction(tx, this.o.dialect, actor, survivor, reason, nowUs);
        if (request) await insertRequest(tx, { ...request, customerId: survivor }, nowUs);
        return erased;
      }),
    );
    await this.removeFiles(out.attachments, attachmentsDir);
    // Open consoles replace what they show: the anonymised items (newest first, as many as a timeline page holds), then the summary.
    const items = await this.o.db.selectFrom('events').select(EVENT_COLUMNS).where('customer_id', '=', survivor).orderBy('seq', 'desc').limit(LIVE_ITEMS).execute();
    if (items.length > 0) this.o.events.publish('event.updated', { items: items.map(toTimelineItem) });
    this.o.events.publish('customer.updated', { customerIds: [survivor], summaries: (ids) => readSummaries(this.o.customers, ids) });
    return {
      erasureId: out.erasureId,
      customerId: survivor,
      customerIds: out.customerIds,
      erasedAt: microsToIso(nowUs),
      identifiers: out.identifiers,
      events: out.events,
      deadLetters: out.deadLetters,
      attachments: out.attachments.length,
    };
  }

  /** Attachments are content-addressed: a file goes once no event (of anyone) still lists it. */
  private async removeFiles(shas: readonly string[], dir: string | undefined): Promise<void> {
    if (!dir) return;
    for (const sha of shas) {
      const still = await this.o.db.selectFrom('events').select('id').where('data', 'like', `%${sha}%`).limit(1).executeTakeFirst();
      if (still) continue;
      await unlink(attachmentPath(dir, sha)).catch(() => undefined);
    }
  }

  // ----- requests from senders -----

  /** Survivors holding any of these identifiers or events (no one: []). */
  async findPeople(actor: Actor, lookup: PersonLookup): Promise<string[]> {
    const found = new Set<string>();
    const byKind: [string, string[]][] = [
      ['external', lookup.externalIds ?? []],
      ['email', (lookup.emails ?? []).map((e) => e.trim().toLowerCase())],
      ['phone', lookup.phones ?? []],
    ];
    for (const [kind, values] of byKind) {
      for (const part of chunk(values.filter(Boolean), MAX_IN_LIST)) {
        for (const r of await this.o.db.selectFrom('identifiers').select('customer_id').where('kind', '=', kind as 'email').where('value', 'in', part).execute()) found.add(r.customer_id);
      }
    }
    for (const e of lookup.events ?? []) {
      const r = await this.o.db.selectFrom('events').select('customer_id').where('source', '=', e.source).where('source_event_id', '=', e.sourceEventId).executeTakeFirst();
      if (r) found.add(r.customer_id);
    }
    const survivors = new Set<string>();
    for (const id of found) {
      const s = await this.o.customers.resolveId(actor, id);
      if (s) survivors.add(s);
    }
    return [...survivors].sort();
  }

  /** Customers a shop brought: those holding an external id of that source (`shopify:…`). */
  async customersOfSource(source: string): Promise<string[]> {
    const rows = await this.o.db
      .selectFrom('identifiers')
      .select('customer_id')
      .distinct()
      .where('kind', '=', 'external')
      .where('value', 'like', `${source}:%`)
      .execute();
    return rows.map((r) => r.customer_id).sort();
  }

  /** Records a sender's request once per delivery (a retry records nothing twice); true when new. */
  async recordRequest(_actor: Actor, req: NewPrivacyRequest): Promise<boolean> {
    const nowUs = nowMicros();
    const before = await this.pdb.selectFrom('privacy_requests').select('id').where('delivery_key', '=', req.deliveryKey).executeTakeFirst();
    if (before) return false;
    await this.o.db.transaction().execute((tx) => insertRequest(tx, req, nowUs));
    return true;
  }

  /** Whether an erasure tombstoned this event (a Shopify order): what attaches to it must not recreate the person. */
  async isErasedEvent(source: string, sourceEventId: string): Promise<boolean> {
    return Boolean(await this.pdb.selectFrom('privacy_tombstones').select('hash').where('hash', '=', eventTombstone(source, sourceEventId)).executeTakeFirst());
  }

  async hasRequest(deliveryKey: string): Promise<boolean> {
    return Boolean(await this.pdb.selectFrom('privacy_requests').select('id').where('delivery_key', '=', deliveryKey).executeTakeFirst());
  }

  async listRequests(_actor: Actor, status?: 'open' | 'done'): Promise<PrivacyRequest[]> {
    let q = this.pdb.selectFrom('privacy_requests').selectAll().orderBy('received_at_us', 'desc').orderBy('id', 'desc').limit(500);
    if (status) q = q.where('status', '=', status);
    return this.toRequests(await q.execute());
  }

  private async requestsAbout(ids: readonly string[]): Promise<PrivacyRequest[]> {
    return this.toRequests(await this.pdb.selectFrom('privacy_requests').selectAll().where('customer_id', 'in', [...ids]).orderBy('received_at_us').execute());
  }

  private async toRequests(rows: PrivacyDbRow[]): Promise<PrivacyRequest[]> {
    const ids = [...new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))];
    const names = ids.length ? await this.o.customers.summaries(ids) : new Map();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as PrivacyRequestKind,
      connector: r.connector,
      shop: r.shop,
      customerId: r.customer_id,
      customerName: (r.customer_id && names.get(r.customer_id)?.displayName) || null,
      status: r.status === 'done' ? 'done' : 'open',
      description: r.description,
      receivedAt: microsToIso(Number(r.received_at_us)),
      resolvedAt: r.resolved_at_us === null ? null : microsToIso(Number(r.resolved_at_us)),
    }));
  }
}

type PrivacyDbRow = { id: string; kind: string; connector: string; shop: string | null; customer_id: string | null; status: string; description: string; received_at_us: number; resolved_at_us: number | null };

async function insertRequest(tx: Transaction<Schema>, req: NewPrivacyRequest, nowUs: number): Promise<void> {
  await tx
    .withTables<{ privacy_requests: PrivacyDbRow & { delivery_key: string } }>()
    .insertInto('privacy_requests')
    .values({
      id: `prq_${ulid()}`,
      kind: req.kind,
      connector: req.connector,
      shop: req.shop,
      delivery_key: req.deliveryKey,
      customer_id: req.customerId,
      description: req.description,
      status: req.status,
      received_at_us: nowUs,
      resolved_at_us: req.status === 'done' ? nowUs : null,
    })
    .onConflict((oc) => oc.column('delivery_key').doNothing())
    .execute();
}
