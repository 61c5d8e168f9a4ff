import type { Kysely, Transaction } from 'kysely';
import { randomUUID } from 'node:crypto';
import { can, type Actor, type CustomerPiiState, type PiiRevealResponse } from '../../../shared/index.js';
import { appendAudit } from '../../audit/audit-log.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import type { Db, Schema } from '../../storage/schema.js';
import type { PiiTables } from './pii-migrations.js';

export interface PiiAccessOptions {
  /** How long a reveal lasts (default 5 minutes; OMNI_PII_REVEAL_SECONDS). */
  revealMs?: number;
  /** Opens of one customer by one user within this window are one audited view (default 10 minutes). */
  viewWindowMs?: number;
  /** Milliseconds since the epoch; tests pin it. */
  now?: () => number;
}

export const DEFAULT_REVEAL_MS = 5 * 60_000;
export const DEFAULT_VIEW_WINDOW_MS = 10 * 60_000;

/**
 * Who sees whose full contact details. A caller holding customer.pii.read (agents, leads, admins, the hub
 * itself) sees everything; anyone else sees a customer in full only while a reveal they asked for runs.
 * Reveals and views live in the database, so every hub of a deployment gives the same answer.
 */
export class PiiAccess {
  /** Settable so tests can move time; every decision reads it. */
  now: () => number;
  readonly revealMs: number;
  readonly viewWindowMs: number;
  private readonly db: Kysely<Schema & PiiTables>;

  constructor(
    db: Db,
    private readonly resolveId: (id: string) => Promise<string | null>,
    opts: PiiAccessOptions = {},
  ) {
    this.db = db.withTables<PiiTables>();
    this.now = opts.now ?? Date.now;
    this.revealMs = opts.revealMs ?? DEFAULT_REVEAL_MS;
    this.viewWindowMs = opts.viewWindowMs ?? DEFAULT_VIEW_WINDOW_MS;
  }

  /** Reads everything, always (no reveal needed). */
  readsAll(actor: Actor): boolean {
    return can(actor, 'customer.pii.read');
  }

  /**
   * Of these (survivor) customers, the ones the caller sees in full, each with when that ends (ms; Infinity
   * for a role that reads everything). Customers missing from the map are masked.
   */
  async fullAccess(actor: Actor, customerIds: readonly string[]): Promise<Map<string, number>> {
    const ids = [...new Set(customerIds)];
    if (this.readsAll(actor)) return new Map(ids.map((id) => [id, Infinity]));
    if (actor.kind !== 'user' || ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('pii_reveals')
      .select(['customer_id', 'until_us'])
      .where('user_id', '=', actor.userId)
      .where('customer_id', 'in', ids.slice(0, 500))
      .where('until_us', '>', this.now() * 1000)
      .execute();
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.customer_id, Math.max(out.get(r.customer_id) ?? 0, Math.floor(Number(r.until_us) / 1000)));
    return out;
  }

  /** The profile's `pii` block for this caller and (survivor) customer. */
  async state(actor: Actor, survivorId: string): Promise<CustomerPiiState> {
    const until = (await this.fullAccess(actor, [survivorId])).get(survivorId);
    return {
      masked: until === undefined,
      revealedUntil: until !== undefined && Number.isFinite(until) ? new Date(until).toISOString() : null,
      canReveal: can(actor, 'customer.pii.reveal'),
    };
  }

  /** Grants this user the full values of the customer (its survivor) for `revealMs`; audited with the reason. */
  async reveal(actor: Actor, customerId: string, reason: string): Promise<PiiRevealResponse> {
    if (actor.kind !== 'user' || !can(actor, 'customer.pii.reveal')) throw new ForbiddenError('authorization', 'revealing contact details needs customer.pii.reveal');
    const survivor = await this.resolveId(customerId);
    if (!survivor) throw new NotFoundError('id', `no customer with id "${customerId}"`);
    const atMs = this.now();
    const untilMs = atMs + this.revealMs;
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('pii_reveals').values({ id: `rev_${randomUUID()}`, user_id: actor.userId, customer_id: survivor, reason, at_us: atMs * 1000, until_us: untilMs * 1000 }).execute();
      await appendAudit(tx as unknown as Transaction<Schema>, {
        atUs: atMs * 1000,
        actor,
        action: 'customer.pii.reveal',
        subject: { type: 'customer', id: survivor },
        relatedId: survivor === customerId ? null : customerId,
        payload: { reason, until: new Date(untilMs).toISOString() },
      });
    });
    return { customerId: survivor, revealedUntil: new Date(untilMs).toISOString(), seconds: Math.round(this.revealMs / 1000) };
  }

  /**
   * Audits that a user opened this customer's profile: one `customer.view` row per user and customer per
   * `viewWindowMs`. The conditional upsert decides atomically, so two hubs serving the same user at once
   * still write one row.
   */
  async recordView(actor: Actor, survivorId: string, requestedId: string): Promise<void> {
    if (actor.kind !== 'user') return;
    const atUs = this.now() * 1000;
    // Most opens repeat a recent one: a read answers them without taking the write lock.
    const last = await this.db.selectFrom('customer_views').select('last_at_us').where('user_id', '=', actor.userId).where('customer_id', '=', survivorId).executeTakeFirst();
    if (last && Number(last.last_at_us) > atUs - this.viewWindowMs * 1000) return;
    await this.db.transaction().execute(async (tx) => {
      const fresh = await tx
        .insertInto('customer_views')
        .values({ user_id: actor.userId, customer_id: survivorId, last_at_us: atUs })
        .onConflict((oc) =>
          oc
            .columns(['user_id', 'customer_id'])
            .doUpdateSet({ last_at_us: atUs })
            .where('customer_views.last_at_us', '<=', atUs - this.viewWindowMs * 1000),
        )
        .returning('user_id')
        .executeTakeFirst();
      if (!fresh) return;
      await appendAudit(tx as unknown as Transaction<Schema>, {
        atUs,
        actor,
        action: 'customer.view',
        subject: { type: 'customer', id: survivorId },
        relatedId: requestedId === survivorId ? null : requestedId,
        payload: requestedId === survivorId ? {} : { requestedId },
      });
    });
  }
}
