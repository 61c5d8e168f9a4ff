import { sql } from 'kysely';
import type { OfferOutcome, RoutingLogKind } from '../../shared/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { ulid } from '../storage/ids.js';
import type { Mutex } from '../storage/mutex.js';
import type { RoutingDb, RoutingOffersTable, RoutingTx } from './tables.js';

/*
 * Every routing write is a conditional statement, so the database, not a process, decides who wins:
 * - an offer is inserted only while the conversation is open and unassigned, the agent online and not a
 *   decliner, and the partial unique indexes allow one live offer per conversation and per agent;
 * - a claim (accept, pull) sets the assignee only `where assignee_id is null` (PostgreSQL re-checks it
 *   after a competing update's row lock): no conversation is ever assigned twice, on any number of hubs;
 * - expiry, withdrawal and release are `update … where status = 'pending'` (or the presence still away):
 *   any hub may sweep, each row changes once.
 * Multi-statement changes take the hub's write lock (one SQLite connection; ordered with ingest).
 */

export interface OfferEnded {
  offer: RoutingOffersTable;
  outcome: OfferOutcome;
}

export class RoutingClaims {
  constructor(
    private readonly db: RoutingDb,
    private readonly writeLock: Mutex,
  ) {}

  /** One live offer, if the conversation still waits and the agent may still take it. */
  async offer(conversationId: string, userId: string, nowUs: number, expiresUs: number): Promise<RoutingOffersTable | null> {
    const id = `rof_${ulid()}`;
    const res = await sql`
      insert into routing_offers (id, conversation_id, user_id, status, created_at_us, expires_at_us, resolved_at_us)
      select ${id}, ${conversationId}, ${userId}, 'pending', cast(${nowUs} as bigint), cast(${expiresUs} as bigint), null
      where exists (select 1 from conversations c where c.id = ${conversationId} and c.status = 'open' and c.assignee_id is null)
        and exists (select 1 from agent_presence p where p.user_id = ${userId} and p.state = 'online')
        and not exists (select 1 from routing_offers d where d.conversation_id = ${conversationId} and d.user_id = ${userId} and d.status in ('declined', 'expired'))
      on conflict do nothing`.execute(this.db);
    if (Number(res.numAffectedRows ?? 0) === 0) return null;
    await this.log(this.db, conversationId, userId, 'offered', null, nowUs);
    return { id, conversation_id: conversationId, user_id: userId, status: 'pending', created_at_us: nowUs, expires_at_us: expiresUs, resolved_at_us: null };
  }

  /** The agent takes the offered conversation; `ok: false` (with what it recorded) when the offer is gone or someone else has it. */
  async accept(offerId: string, userId: string, nowUs: number): Promise<{ ok: true; offer: RoutingOffersTable; ended: OfferEnded[] } | { ok: false; message: string; ended: OfferEnded[] }> {
    return this.writeLock.run(() =>
      this.db.transaction().execute(async (tx) => {
        const offer = await this.ownOffer(tx, offerId, userId);
        if (offer.status !== 'pending') return { ok: false as const, message: `this offer was already ${offer.status}`, ended: [] };
        if (offer.expires_at_us <= nowUs) {
          const ended = (await this.resolve(tx, offer, 'expired', nowUs)) ? [{ offer, outcome: 'expired' as const }] : [];
          if (ended.length > 0) await this.log(tx, offer.conversation_id, userId, 'expired', 'not answered in time', nowUs);
          return { ok: false as const, message: 'this offer expired', ended };
        }
        if (!(await this.resolve(tx, offer, 'accepted', nowUs))) return { ok: false as const, message: 'this offer is no longer open', ended: [] };
        if (!(await this.assign(tx, offer.conversation_id, userId, nowUs))) {
          await tx.updateTable('routing_offers').set({ status: 'withdrawn', resolved_at_us: nowUs }).where('id', '=', offer.id).execute();
          await this.log(tx, offer.conversation_id, userId, 'withdrawn', 'someone else took it first', nowUs);
          return { ok: false as const, message: 'someone else took this conversation first', ended: [{ offer, outcome: 'withdrawn' as const }] };
        }
        await this.log(tx, offer.conversation_id, userId, 'accepted', null, nowUs);
        return { ok: true as const, offer, ended: [{ offer, outcome: 'accepted' as const }] };
      }),
    );
  }

  /** The agent refuses: recorded, so this conversation is never offered to them again. */
  async decline(offerId: string, userId: string, nowUs: number): Promise<OfferEnded> {
    return this.writeLock.run(() =>
      this.db.transaction().execute(async (tx) => {
        const offer = await this.ownOffer(tx, offerId, userId);
        if (offer.status !== 'pending' || !(await this.resolve(tx, offer, 'declined', nowUs))) throw new ConflictError('offerId', `this offer was already ${offer.status}`);
        return { offer, outcome: 'declined' as const };
      }),
    );
  }

  /** Pull: assigns this conversation to the agent unless someone has it or it is offered to someone else. */
  async pull(conversationId: string, userId: string, nowUs: number): Promise<OfferEnded[] | null> {
    return this.writeLock.run(() =>
      this.db.transaction().execute(async (tx) => {
        if (!(await this.assign(tx, conversationId, userId, nowUs, true))) return null;
        await this.log(tx, conversationId, userId, 'pulled', null, nowUs);
        // An offer of it to this same agent is answered by taking it.
        const mine = await tx.selectFrom('routing_offers').selectAll().where('conversation_id', '=', conversationId).where('user_id', '=', userId).where('status', '=', 'pending').executeTakeFirst();
        return mine && (await this.resolve(tx, mine, 'accepted', nowUs)) ? [{ offer: mine, outcome: 'accepted' as const }] : [];
      }),
    );
  }

  /** Offers past their time, expired (counts as a decline). */
  async expireDue(nowUs: number, limit = 500): Promise<OfferEnded[]> {
    const due = await this.db.selectFrom('routing_offers').selectAll().where(sql<boolean>`status = 'pending'`).where('expires_at_us', '<=', nowUs).limit(limit).execute();
    return this.resolveEach(due, 'expired', nowUs, 'not answered in time');
  }

  /** Live offers whose conversation was taken, closed or moved on, or whose agent is no longer online (not a decline). */
  async withdrawStale(nowUs: number): Promise<OfferEnded[]> {
    const stale = await this.db
      .selectFrom('routing_offers as o')
      .selectAll('o')
      .where(sql<boolean>`o.status = 'pending'`)
      .where(({ or, not, exists, selectFrom }) =>
        or([
          not(exists(selectFrom('conversations as c').select('c.id').whereRef('c.id', '=', 'o.conversation_id').where(sql<boolean>`c.status = 'open' and c.assignee_id is null`))),
          not(exists(selectFrom('agent_presence as p').select('p.user_id').whereRef('p.user_id', '=', 'o.user_id').where('p.state', '=', 'online'))),
        ]),
      )
      .execute();
    return this.resolveEach(stale, 'withdrawn', nowUs, 'taken elsewhere or agent not online');
  }

  /**
   * Grace period over: the agent's open conversations go back to the queue, only while their presence
   * still says they left before `leftBeforeUs` (a return meanwhile keeps them). Returns the released ids.
   */
  async release(userId: string, conversationIds: readonly string[], leftBeforeUs: number, reason: string, nowUs: number): Promise<string[]> {
    if (conversationIds.length === 0) return [];
    return this.writeLock.run(() =>
      this.db.transaction().execute(async (tx) => {
        const released = await tx
          .updateTable('conversations')
          .set({ assignee_id: null, updated_at_us: nowUs })
          .where('id', 'in', [...conversationIds])
          .where('assignee_id', '=', userId)
          .where('status', '=', 'open')
          .where(({ exists, selectFrom }) =>
            exists(selectFrom('agent_presence as p').select('p.user_id').where('p.user_id', '=', userId).where('p.state', '!=', 'online').where('p.left_online_us', '<=', leftBeforeUs)),
          )
          .returning('id')
          .execute();
        for (const r of released) await this.log(tx, r.id, userId, 'released', reason, nowUs);
        return released.map((r) => r.id);
      }),
    );
  }

  /** Open conversations held by agents who left (away or offline) before `leftBeforeUs`: user -> ids. */
  async heldByAbsent(leftBeforeUs: number, limit = 1000): Promise<Map<string, { ids: string[]; state: string }>> {
    const rows = await this.db
      .selectFrom('conversations as c')
      .innerJoin('agent_presence as p', 'p.user_id', 'c.assignee_id')
      .select(['c.id', 'p.user_id', 'p.state'])
      .where('c.status', '=', 'open')
      .where('p.state', '!=', 'online')
      .where('p.left_online_us', '<=', leftBeforeUs)
      .limit(limit)
      .execute();
    const out = new Map<string, { ids: string[]; state: string }>();
    for (const r of rows) {
      const entry = out.get(r.user_id) ?? { ids: [], state: r.state };
      entry.ids.push(r.id);
      out.set(r.user_id, entry);
    }
    return out;
  }

  async history(conversationId: string, limit = 200) {
    return this.db.selectFrom('routing_log').selectAll().where('conversation_id', '=', conversationId).orderBy('at_us').orderBy('id').limit(limit).execute();
  }

  async pendingFor(userId: string): Promise<RoutingOffersTable[]> {
    return this.db.selectFrom('routing_offers').selectAll().where('user_id', '=', userId).where('status', '=', 'pending').execute();
  }

  private async resolveEach(rows: RoutingOffersTable[], outcome: OfferOutcome, nowUs: number, reason: string): Promise<OfferEnded[]> {
    const ended: OfferEnded[] = [];
    for (const offer of rows) {
      const done = await this.db.transaction().execute(async (tx) => {
        if (!(await this.resolve(tx, offer, outcome, nowUs))) return false;
        await this.log(tx, offer.conversation_id, offer.user_id, outcome as RoutingLogKind, reason, nowUs);
        return true;
      });
      if (done) ended.push({ offer, outcome });
    }
    return ended;
  }

  /** pending -> outcome, only if still pending (another hub may have got there first). */
  private async resolve(tx: RoutingTx, offer: RoutingOffersTable, outcome: OfferOutcome, nowUs: number): Promise<boolean> {
    const res = await tx.updateTable('routing_offers').set({ status: outcome, resolved_at_us: nowUs }).where('id', '=', offer.id).where('status', '=', 'pending').executeTakeFirst();
    const changed = Number(res.numUpdatedRows) > 0;
    if (changed && outcome === 'declined') await this.log(tx, offer.conversation_id, offer.user_id, 'declined', null, nowUs);
    return changed;
  }

  /** The claim: assignee set only if nobody has it, it is open, and the agent is not offline. */
  private async assign(tx: RoutingTx, conversationId: string, userId: string, nowUs: number, unlessOfferedToOthers = false): Promise<boolean> {
    let q = tx
      .updateTable('conversations')
      .set({ assignee_id: userId, updated_at_us: nowUs })
      .where('id', '=', conversationId)
      .where('assignee_id', 'is', null)
      .where('status', '=', 'open')
      .where(({ exists, selectFrom }) => exists(selectFrom('agent_presence as p').select('p.user_id').where('p.user_id', '=', userId).where('p.state', '!=', 'offline')));
    if (unlessOfferedToOthers) {
      q = q.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('routing_offers as o').select('o.id').where('o.conversation_id', '=', conversationId).where('o.status', '=', 'pending').where('o.user_id', '!=', userId))),
      );
    }
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) > 0;
  }

  private async ownOffer(tx: RoutingTx, offerId: string, userId: string): Promise<RoutingOffersTable> {
    const offer = await tx.selectFrom('routing_offers').selectAll().where('id', '=', offerId).executeTakeFirst();
    // Someone else's offer is as unknown to you as a made-up id.
    if (!offer || offer.user_id !== userId) throw new NotFoundError('offerId', `no offer "${offerId}" for you`);
    return offer;
  }

  private async log(db: RoutingDb | RoutingTx, conversationId: string, userId: string, kind: RoutingLogKind, reason: string | null, nowUs: number): Promise<void> {
    await db.insertInto('routing_log').values({ id: `rlg_${ulid()}`, conversation_id: conversationId, user_id: userId, kind, reason, at_us: nowUs }).execute();
  }
}
