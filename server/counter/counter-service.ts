import {
  COUNTER_SOURCE,
  EVENT_TYPE,
  type Actor,
  type ConsentChannel,
  type CounterNewCustomerRequest,
  type CounterProfile,
  type CounterSettings,
  type CounterStore,
  type CounterVisit,
  type CounterVisitRequest,
  type CustomerProfile,
  type CustomerRef,
  type IngestEvent,
} from '../../shared/index.js';
import { idleTimeoutUs, type SessionPolicy } from '../auth/session-policy.js';
import type { SqlCustomerQueries } from '../customers/customer-queries.js';
import type { MaskedCustomerReads } from '../customers/pii/masked-reads.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import type { SqlIngestService } from '../ingest/ingest-service.js';
import { ulid } from '../storage/ids.js';
import { readCounterFacts, readVisit } from './counter-facts.js';

/** How many of the latest timeline items the compact profile reads (orders, purchases and visits are recent facts). */
const PROFILE_WINDOW = 500;

export interface CounterServiceOptions {
  customers: SqlCustomerQueries;
  reads: MaskedCustomerReads;
  ingest: SqlIngestService;
  stores: readonly CounterStore[];
  sessions: SessionPolicy;
  now?: () => Date;
}

const unknownCustomer = (id: string) => new NotFoundError('id', `no customer with id "${id}"`);
const who = (actor: Actor) => (actor.kind === 'user' ? (actor.name ?? actor.email) : actor.name);

/** An identifier that resolves to this customer (ingest attributes events by identifiers, not ids). */
function refFor(profile: CustomerProfile): CustomerRef | null {
  if (profile.emails[0]) return { email: profile.emails[0] };
  if (profile.phones[0]) return { phone: profile.phones[0] };
  if (profile.loyaltyIds[0]) return { loyaltyId: profile.loyaltyIds[0] };
  const ext = profile.externalIds[0];
  return ext ? { externalIds: { [ext.system]: ext.id } } : null;
}

/**
 * Counter mode on the hub: the compact profile computed from the timeline, and the counter's writes (store
 * visits, notes, a new customer's consent), each an event through ingest so every console sees it live.
 */
export class CounterService {
  private readonly now: () => Date;

  constructor(private readonly o: CounterServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  settings(actor: Actor): CounterSettings {
    const idleUs = actor.kind === 'user' ? idleTimeoutUs(this.o.sessions, actor.role) : this.o.sessions.idleDefaultUs;
    return { idleLockSeconds: Math.max(1, Math.floor(idleUs / 1_000_000)), stores: [...this.o.stores] };
  }

  async profile(actor: Actor, id: string): Promise<CounterProfile | null> {
    const profile = await this.o.reads.profile(actor, id);
    if (!profile) return null;
    const page = await this.o.reads.timeline(actor, profile.id, { limit: PROFILE_WINDOW, channel: undefined });
    const facts = readCounterFacts(page?.items ?? [], this.now());
    return {
      customerId: profile.id,
      displayName: profile.displayName,
      emails: profile.emails,
      phones: profile.phones,
      loyaltyIds: profile.loyaltyIds,
      ...(profile.pii ? { pii: profile.pii } : {}),
      ...facts,
      consents: profile.consents ?? [],
    };
  }

  /** Starts a visit (a second tap answers the open one) or ends the open one (409 when none is open). */
  async visit(actor: Actor, id: string, req: CounterVisitRequest): Promise<{ visit: CounterVisit | null }> {
    const { profile, ref } = await this.target(actor, id);
    const open = await this.openVisit(actor, profile.id);
    const now = this.now();
    if (req.action === 'start') {
      if (open) return { visit: open };
      const store = this.storeFor(req.storeId, req.storeName);
      const visitId = `vis_${ulid(now.getTime())}`;
      const associate = who(actor);
      await this.write(actor, {
        source: COUNTER_SOURCE,
        sourceEventId: `checkin:${visitId}`,
        channel: 'store',
        type: EVENT_TYPE.storeCheckIn,
        occurredAt: now.toISOString(),
        customer: ref,
        summary: `Checked in at ${store.name} by ${associate}`,
        data: { visitId, storeId: store.id, storeName: store.name, associate, visitType: 'visit' },
      });
      return { visit: { visitId, storeId: store.id, storeName: store.name, startedAt: now.toISOString(), associate } };
    }
    if (!open) throw new ConflictError('action', 'this customer has no open visit to end');
    const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(open.startedAt)) / 60_000));
    await this.write(actor, {
      source: COUNTER_SOURCE,
      sourceEventId: `checkout:${open.visitId}`,
      channel: 'store',
      type: EVENT_TYPE.storeCheckOut,
      occurredAt: now.toISOString(),
      customer: ref,
      summary: `Visit at ${open.storeName} ended`,
      data: { visitId: open.visitId, storeId: open.storeId, storeName: open.storeName, associate: who(actor), durationMin: minutes },
    });
    return { visit: null };
  }

  async note(actor: Actor, id: string, text: string): Promise<{ eventId: string }> {
    const { ref } = await this.target(actor, id);
    const now = this.now();
    const author = who(actor);
    const eventId = await this.write(actor, {
      source: COUNTER_SOURCE,
      sourceEventId: `note:${ulid(now.getTime())}`,
      channel: 'note',
      type: 'note.added',
      occurredAt: now.toISOString(),
      customer: ref,
      summary: `Note by ${author}: ${text}`.slice(0, 2000),
      data: { author, text, at: 'counter' },
    });
    return { eventId };
  }

  /** A new customer: one consent event per marketing channel (the privacy vocabulary), which also creates them. */
  async newCustomer(actor: Actor, req: CounterNewCustomerRequest): Promise<{ customerId: string }> {
    const store = req.storeId ? this.o.stores.find((s) => s.id === req.storeId) : undefined;
    const ref: CustomerRef = {
      name: req.name,
      ...(req.email ? { email: req.email } : {}),
      ...(req.phone ? { phone: req.phone } : {}),
      ...(req.loyaltyId ? { loyaltyId: req.loyaltyId } : {}),
    };
    const now = this.now();
    const registration = ulid(now.getTime());
    const capturedBy = who(actor);
    const consent = (channel: ConsentChannel, granted: boolean): IngestEvent => ({
      source: COUNTER_SOURCE,
      sourceEventId: `consent:${registration}:${channel}`,
      channel: 'store',
      type: granted ? 'consent.marketing_opt_in' : 'consent.marketing_opt_out',
      occurredAt: now.toISOString(),
      customer: ref,
      summary: `${channel === 'sms' ? 'SMS' : 'Email'} marketing ${granted ? 'allowed' : 'refused'}, asked at the counter by ${capturedBy}`,
      data: { marketingConsent: { [channel]: granted ? 'granted' : 'denied' }, channels: [channel], capturedBy, ...(store ? { storeId: store.id, storeName: store.name } : {}) },
    });
    const outcome = await this.o.ingest.ingest(actor, [consent('email', req.emailMarketing), consent('sms', req.smsMarketing)]);
    const customerId = outcome.results[0]?.customerId;
    if (!customerId) throw new ConflictError('email', 'the customer could not be recorded (their data was erased on request)');
    return { customerId };
  }

  private async target(actor: Actor, id: string): Promise<{ profile: CustomerProfile; ref: CustomerRef }> {
    // Full values: events are attributed by identifier; nothing of this leaves the hub.
    const profile = await this.o.customers.profile(actor, id);
    if (!profile) throw unknownCustomer(id);
    const ref = refFor(profile);
    if (!ref) throw new ConflictError('id', 'this customer has no identifier to record events under');
    return { profile, ref };
  }

  private async openVisit(actor: Actor, survivorId: string): Promise<CounterVisit | null> {
    const page = await this.o.customers.timeline(actor, survivorId, { limit: 50, channel: ['store'] });
    return readVisit(page?.items ?? [], this.now());
  }

  private storeFor(storeId: string, storeName: string | undefined): CounterStore {
    if (this.o.stores.length === 0) return { id: storeId, name: storeName ?? storeId };
    const store = this.o.stores.find((s) => s.id === storeId);
    if (!store) throw new InputError('storeId', `unknown store "${storeId}"; expected one of ${this.o.stores.map((s) => s.id).join(', ')}`);
    return store;
  }

  private async write(actor: Actor, event: IngestEvent): Promise<string> {
    const outcome = await this.o.ingest.ingest(actor, [event]);
    const result = outcome.results[0];
    if (!result) throw new ConflictError('id', 'the event could not be recorded (this customer’s data was erased on request)');
    return result.eventId;
  }
}
