import { sql } from 'kysely';
import type { OfferOutcome, RoutingLogKind } from '../../shared/index.js';
import type { ConversationsTable } from '../conversations/tables.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { ulid } from '../storage/ids.js';
import type { Mutex } from '../storage/mutex.js';
import type { Dialect } from '../storage/schema.js';
import { acceptAtOnce, declineAtOnce, pullAtOnce, type ClaimedRow } from './claims-pg.js';
import type { RoutingDb, RoutingOffersTable, RoutingTx } from './tables.js';

/*
 * Every routing write is a conditional statement, so the database, not a process, decides who wins:
 * - an offer is inserted only while the conversation is open and unassigned, the agent online and not a
 *   decliner, and the partial unique indexes allow one live offer per conversation and per agent;
 * - a claim (accept, pull) sets the assignee only `where assignee_id is null` (PostgreSQL re-checks it
 *   after a competing update's row lock): no conversation is ever assigned twice, on any number of hubs;
 * - expiry, withdrawal and release are `update … where status = 'pending'` (or the presence still away):
 *   any hub may sweep, each row changes once.
 * Multi-statement changes take the hub's write lock (one SQLite connection; ordered with ingest). On PostgreSQL
 * accept, decline and pull are first tried as one statement each (claims-pg.ts: one round trip instead of five or
 * six); only when that changes nothing does the multi-statement path below run, to say why.
 * PostgreSQL: every change of an offer first locks its conversation row, and a batch of offers locks its
 * conversations and agents (SKIP LOCKED, so hubs dispatching at once never wait on each other) before
 * checking who declined: a decline committing meanwhile cannot slip past that check (a re-offer).
 */

/** One conversation to offer to one agent. */
export interface OfferPair {
  conversationId: string;
  userId: string;
}

export interface OfferEnded {
  offer: RoutingOffersTable;
  outcome: OfferOutcome;
}

export class RoutingClaims {
  constructor(
    private readonly db: RoutingDb,
    private readonly writeLock: Mutex,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  /**
   * Many offers in one transaction (a dispatch round): each made only if, at that moment, the conversation
   * still waits, the agent is online and never declined it, and neither has a live offer. Returns those made.
   */
  async offerMany(pairs: readonly OfferPair[], nowUs: number, expiresUs: number): Promise<RoutingOffersTable[]> {
    if (pairs.length === 0) return [];
    return this.write(() =>
      this.db.transaction().execute(async (tx) => {
        let todo = pairs;
        if (this.dialect === 'postgres') {
          const convs = await tx
            .selectFrom('conversations')
            .select('id')
            .where('id', 'in', pairs.map((p) => p.conversationId))
            .where(sql<boolean>`status = 'open' and assignee_id is null`)
            .forUpdate()
            .skipLocked()
            .execute();
          const agents = await tx.selectFrom('agent_presence').select('user_id').where('user_id', 'in', pairs.map((p) => p.userId)).where('state', '=', 'online').forUpdate().skipLocked().execute();
          const c = new Set(convs.map((r) => r.id));
          const a = new Set(agents.map((r) => r.user_id));
          todo = pairs.filter((p) => c.has(p.conversationId) && a.has(p.userId));
          if (todo.length === 0) return [];
        }
        const values = sql.join(todo.map((p) => sql`(${`rof_${ulid()}`}, ${p.conversationId}, ${p.userId})`));
        const made = await sql<{ id: string; conversation_id: string; user_id: string }>`
          insert into routing_offers (id, conversation_id, user_id, status, created_at_us, expires_at_us, resolved_at_us)
          select v.column1, v.column2, v.column3, 'pending', cast(${nowUs} as bigint), cast(${expiresUs} as bigint), null
          from (values ${values}) v
          where exists (select 1 from conversations c where c.id = v.column2 and c.status = 'open' and c.assignee_id is null)
            and exists (select 1 from agent_presence p where p.user_id = v.column3 and p.state = 'online')
            and not exists (select 1 from routing_offers d where d.conversation_id = v.column2 and d.user_id = v.column3 and d.status in ('declined', 'expired'))
          on conflict do nothing
          returning id, conversation_id, user_id`.execute(tx);
        if (made.rows.length === 0) return [];
        await tx
          .insertInto('routing_log')
          .values(made.rows.map((r) => ({ id: `rlg_${ulid()}`, conversation_id: r.conversation_id, user_id: r.user_id, kind: 'offered', reason: null, at_us: nowUs })))
          .execute();
        return made.rows.map((r) => ({ ...r, status: 'pending', created_at_us: nowUs, expires_at_us: expiresUs, resolved_at_us: null }));
      }),
    );
  }

  /** One live offer, if the conversation still waits and the agent may still take it. */
  async offer(conversationId: string, userId: string, nowUs: number, expiresUs: number): Promise<RoutingOffersTable | null> {
    return (await this.offerMany([{ conversationId, userId }], nowUs, expiresUs))[0] ?? null;
  }

  /**
   * The agent takes the offered conversation (with the row as claimed); `ok: false` (with what it recorded)
   * when the offer is gone or someone else has it. PostgreSQL: one statement in the common case.
   */
  async accept(offerId: string, userId: string, nowUs: number): Promise<{ ok: true; offer: RoutingOffersTable; ended: OfferEnded[]; claimed: ClaimedRow } | { ok: false; message: string; ended: OfferEnded[] }> {
    if (this.dialect === 'postgres') {
      const done = await acceptAtOnce(this.db, offerId, userId, nowUs);
      if (done) return { ok: true, offer: done.offer, ended: [{ offer: done.offer, outcome: 'accepted' }], claimed: done };
    }
    return this.write(() =>
      this.db.transaction().execute(async (tx) => {
        const offer = await this.ownOffer(tx, offerId, userId);
        if (offer.status !== 'pending') return { ok: false as const, message: `this offer was already ${offer.status}`, ended: [] };
        if (offer.expires_at_us <= nowUs) {
          const ended = (await this.resolve(tx, offer, 'expired', nowUs)) ? [{ offer, outcome: 'expired' as const }] : [];
          if (ended.length > 0) await this.log(tx, offer.conversation_id, userId, 'expired', 'not answered in time', nowUs);
          return { ok: false as const, message: 'this offer expired', ended };
        }
        if (!(await this.resolve(tx, offer, 'accepted', nowUs))) return { ok: false as const, message: 'this offer is no longer open', ended: [] };
        const row = await this.assign(tx, offer.conversation_id, userId, nowUs);
        if (!row) {
          await tx.updateTable('routing_offers').set({ status: 'withdrawn', resolved_at_us: nowUs }).where('id', '=', offer.id).execute();
          await this.log(tx, offer.conversation_id, userId, 'withdrawn', 'someone else took it first', nowUs);
          return { ok: false as const, message: 'someone else took this conversation first', ended: [{ offer, outcome: 'withdrawn' as const }] };
        }
        await this.log(tx, offer.conversation_id, userId, 'accepted', null, nowUs);
        return { ok: true as const, offer, ended: [{ offer, outcome: 'accepted' as const }], claimed: { row } };
      }),
    );
  }

  /** The agent refuses: recorded, so this conversation is never offered to them again. */
  async decline(offerId: string, userId: string, nowUs: number): Promise<OfferEnded> {
    if (this.dialect === 'postgres') {
      const offer = await declineAtOnce(this.db, offerId, userId, nowUs);
      if (offer) return { offer, outcome: 'declined' };
    }
    return this.write(() =>
      this.db.transaction().execute(async (tx) => {
        const offer = await this.ownOffer(tx, offerId, userId);
        if (offer.status !== 'pending' || !(await this.resolve(tx, offer, 'declined', nowUs))) throw new ConflictError('offerId', `this offer was already ${offer.status}`);
        return { offer, outcome: 'declined' as const };
      }),
    );
  }

  /** Pull: assigns this conversation to the agent unless someone has it or it is offered to someone else (PostgreSQL: one statement). */
  async pull(conversationId: string, userId: string, nowUs: number): Promise<{ ended: OfferEnded[]; claimed: ClaimedRow } | null> {
    if (this.dialect === 'postgres') {
      const done = await pullAtOnce(this.db, conversationId, userId, nowUs);
      return done && { ended: done.offer ? [{ offer: done.offer, outcome: 'accepted' }] : [], claimed: done };
    }
    return this.write(() =>
      this.db.transaction().execute(async (tx) => {
        const row = await this.assign(tx, conversationId, userId, nowUs, true);
        if (!row) return null;
        await this.log(tx, conversationId, userId, 'pulled', null, nowUs);
        // An offer of it to this same agent is answered by taking it.
        const mine = await tx.selectFrom('routing_offers').selectAll().where('conversation_id', '=', conversationId).where('user_id', '=', userId).where('status', '=', 'pending').executeTakeFirst();
        const ended = mine && (await this.resolve(tx, mine, 'accepted', nowUs)) ? [{ offer: mine, outcome: 'accepted' as const }] : [];
        return { ended, claimed: { row } };
      }),
    );
  }

  /** Offers past their time, expired (counts as a decline). */
  async expireDue(nowUs: number, limit = 500): Promise<OfferEnded[]> {
    const due = await this.db.selectFrom('routing_offers').selectAll().where(sql<boolean>`status = 'pending'`).where('expires_at_us', '<=', nowUs).limit(limit).execute();
    return this.resolveEach(due, 'expired', nowUs, 'not answered in time');
  }

  /** Live offers whose conversation was taken, closed or moved on, or whose agent is no longer online (not a decline). */
  async withdrawStale(nowUs: number, limit = 500): Promise<OfferEnded[]> {
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
      .limit(limit)
      .execute();
    return this.resolveEach(stale, 'withdrawn', nowUs, 'taken elsewhere or agent not online');
  }

  /**
   * Grace period over: the agent's open conversations go back to the queue, only while their presence
   * still says they left before `leftBeforeUs` (a return meanwhile keeps them). Returns the released ids.
   */
  async release(userId: string, conversationIds: readonly string[], leftBeforeUs: number, reason: string, nowUs: number): Promise<string[]> {
    if (conversationIds.length === 0) return [];
    return this.write(() =>
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

  /**
   * Open conversations held by agents who left (away or offline) before `leftBeforeUs`: user -> ids. Run by every
   * hub each second: the absent agents first (a handful of presence rows; usually none, and then nothing else is
   * read), then their work by the assignee index. One join let SQLite walk every open conversation (364 ms at 85k).
   */
  async heldByAbsent(leftBeforeUs: number, limit = 1000): Promise<Map<string, { ids: string[]; state: string }>> {
    const absent = await this.db.selectFrom('agent_presence').select(['user_id', 'state']).where('state', '!=', 'online').where('left_online_us', '<=', leftBeforeUs).execute();
    const out = new Map<string, { ids: string[]; state: string }>();
    if (absent.length === 0) return out;
    const stateOf = new Map(absent.map((p) => [p.user_id, p.state]));
    for (let i = 0; i < absent.length; i += 500) {
      const rows = await heldByQuery(this.db, absent.slice(i, i + 500).map((p) => p.user_id), limit).execute();
      for (const r of rows) {
        const userId = r.assignee_id!;
        const entry = out.get(userId) ?? { ids: [], state: stateOf.get(userId)! };
        entry.ids.push(r.id);
        out.set(userId, entry);
      }
    }
    return out;
  }

  async history(conversationId: string, limit = 200) {
    return this.db.selectFrom('routing_log').selectAll().where('conversation_id', '=', conversationId).orderBy('at_us').orderBy('id').limit(limit).execute();
  }

  async pendingFor(userId: string): Promise<RoutingOffersTable[]> {
    return this.db.selectFrom('routing_offers').selectAll().where('user_id', '=', userId).where('status', '=', 'pending').execute();
  }

  /** Ends these pending offers in one transaction (PostgreSQL: those whose conversation nobody holds now; the rest wait for the next sweep). */
  private async resolveEach(rows: RoutingOffersTable[], outcome: OfferOutcome, nowUs: number, reason: string): Promise<OfferEnded[]> {
    if (rows.length === 0) return [];
    return this.write(() =>
      this.db.transaction().execute(async (tx) => {
        let todo = rows;
        if (this.dialect === 'postgres') {
          const held = await tx.selectFrom('conversations').select('id').where('id', 'in', [...new Set(rows.map((r) => r.conversation_id))]).forUpdate().skipLocked().execute();
          const free = new Set(held.map((r) => r.id));
          todo = rows.filter((r) => free.has(r.conversation_id));
          if (todo.length === 0) return [];
        }
        const changed = await tx
          .updateTable('routing_offers')
          .set({ status: outcome, resolved_at_us: nowUs })
          .where('id', 'in', todo.map((r) => r.id))
          .where('status', '=', 'pending')
          .returning('id')
          .execute();
        const done = new Set(changed.map((r) => r.id));
        const ended = todo.filter((r) => done.has(r.id));
        if (ended.length > 0) {
          await tx
            .insertInto('routing_log')
            .values(ended.map((o) => ({ id: `rlg_${ulid()}`, conversation_id: o.conversation_id, user_id: o.user_id, kind: outcome, reason, at_us: nowUs })))
            .execute();
        }
        return ended.map((offer) => ({ offer, outcome }));
      }),
    );
  }

  /** pending -> outcome, only if still pending (another hub may have got there first). */
  private async resolve(tx: RoutingTx, offer: RoutingOffersTable, outcome: OfferOutcome, nowUs: number): Promise<boolean> {
    const res = await tx.updateTable('routing_offers').set({ status: outcome, resolved_at_us: nowUs }).where('id', '=', offer.id).where('status', '=', 'pending').executeTakeFirst();
    const changed = Number(res.numUpdatedRows) > 0;
    if (changed && outcome === 'declined') await this.log(tx, offer.conversation_id, offer.user_id, 'declined', null, nowUs);
    return changed;
  }

  /** The claim: assignee set only if nobody has it, it is open, and the agent is not offline. Returns the row as claimed. */
  private async assign(tx: RoutingTx, conversationId: string, userId: string, nowUs: number, unlessOfferedToOthers = false): Promise<ConversationsTable | undefined> {
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
    return q.returningAll().executeTakeFirst();
  }

  /** Multi-statement writes: SQLite's one connection is shared, so the hub's write lock orders them; PostgreSQL's row locks suffice. */
  private write<T>(fn: () => Promise<T>): Promise<T> {
    return this.dialect === 'postgres' ? fn() : this.writeLock.run(fn);
  }

  /** The caller's offer (PostgreSQL: with its conversation's row locked, in the same statement). */
  private async ownOffer(tx: RoutingTx, offerId: string, userId: string): Promise<RoutingOffersTable> {
    let q = tx.selectFrom('routing_offers as o').innerJoin('conversations as c', 'c.id', 'o.conversation_id').selectAll('o').where('o.id', '=', offerId);
    if (this.dialect === 'postgres') q = q.modifyEnd(sql`for update of c`);
    const offer = await q.executeTakeFirst();
    // Someone else's offer is as unknown to you as a made-up id.
    if (!offer || offer.user_id !== userId) throw new NotFoundError('offerId', `no offer "${offerId}" for you`);
    return offer;
  }

  private async log(db: RoutingDb | RoutingTx, conversationId: string, userId: string, kind: RoutingLogKind, reason: string | null, nowUs: number): Promise<void> {
    await db.insertInto('routing_log').values({ id: `rlg_${ulid()}`, conversation_id: conversationId, user_id: userId, kind, reason, at_us: nowUs }).execute();
  }
}

/** The open conversations these agents hold, by the assignee index (exported for its query-plan test). */
export function heldByQuery(db: RoutingDb, userIds: readonly string[], limit: number) {
  return db.selectFrom('conversations').select(['id', 'assignee_id']).where('assignee_id', 'in', userIds).where('status', '=', 'open').limit(limit);
}
