import { sql } from 'kysely';
import type { ConversationsTable } from '../conversations/tables.js';
import { ulid } from '../storage/ids.js';
import type { RoutingDb, RoutingOffersTable } from './tables.js';

/*
 * PostgreSQL claims in ONE statement each (one round trip, autocommit), the common case only: accept of a
 * live offer on a waiting conversation, decline of a live offer, and pull. Each statement keeps the lock
 * order of the multi-statement path (claims.ts): the conversation row first (`for update of c`, which the
 * offer's update waits on through `in (select … from c)`), then the offer row, so a hub sweeping or
 * dispatching at the same time never deadlocks with it and a decline still cannot slip past a re-offer
 * check. A statement that changes nothing returns null and the caller falls back to the multi-statement
 * path, which says exactly why (expired, gone, taken).
 */

/** A claimed conversation as the statement returns it: the row after the claim and its customer's name. */
export interface ClaimedRow {
  row: ConversationsTable;
  /** Joined by the statement on PostgreSQL; absent: the announcement reads it. */
  customerName?: string | null;
}

type Returned = ConversationsTable & { customer_name: string | null; offer: RoutingOffersTable | null };

const split = ({ customer_name, offer, ...row }: Returned): ClaimedRow & { offer: RoutingOffersTable | null } => ({ row, customerName: customer_name, offer });

/** Accept: offer pending and unexpired, conversation open and unassigned, agent not offline; null otherwise. */
export async function acceptAtOnce(db: RoutingDb, offerId: string, userId: string, nowUs: number): Promise<(ClaimedRow & { offer: RoutingOffersTable }) | null> {
  const res = await sql<Returned>`
    with c as (
      select c.id from routing_offers o join conversations c on c.id = o.conversation_id
      where o.id = ${offerId} and o.user_id = ${userId} and o.status = 'pending' and o.expires_at_us > ${nowUs}
        and c.status = 'open' and c.assignee_id is null
      for update of c
    ), o as (
      update routing_offers set status = 'accepted', resolved_at_us = ${nowUs}
      where id = ${offerId} and user_id = ${userId} and status = 'pending' and expires_at_us > ${nowUs}
        and conversation_id in (select id from c)
        and exists (select 1 from agent_presence p where p.user_id = ${userId} and p.state <> 'offline')
      returning *
    ), a as (
      update conversations set assignee_id = ${userId}, updated_at_us = ${nowUs}
      where id in (select conversation_id from o) and assignee_id is null and status = 'open'
      returning *
    ), l as (
      insert into routing_log (id, conversation_id, user_id, kind, reason, at_us)
      select ${`rlg_${ulid()}`}, a.id, ${userId}, 'accepted', null, cast(${nowUs} as bigint) from a
    )
    select a.*, cu.display_name as customer_name, row_to_json(o) as offer
    from a join o on o.conversation_id = a.id left join customers cu on cu.id = a.customer_id`.execute(db);
  const got = res.rows[0];
  return got?.offer ? (split(got) as ClaimedRow & { offer: RoutingOffersTable }) : null;
}

/** Decline a live offer (logged, never offered to this agent again); null when it is not live or not theirs. */
export async function declineAtOnce(db: RoutingDb, offerId: string, userId: string, nowUs: number): Promise<RoutingOffersTable | null> {
  const res = await sql<RoutingOffersTable>`
    with c as (
      select c.id from routing_offers o join conversations c on c.id = o.conversation_id
      where o.id = ${offerId} and o.user_id = ${userId} and o.status = 'pending'
      for update of c
    ), o as (
      update routing_offers set status = 'declined', resolved_at_us = ${nowUs}
      where id = ${offerId} and user_id = ${userId} and status = 'pending' and conversation_id in (select id from c)
      returning *
    ), l as (
      insert into routing_log (id, conversation_id, user_id, kind, reason, at_us)
      select ${`rlg_${ulid()}`}, o.conversation_id, o.user_id, 'declined', null, cast(${nowUs} as bigint) from o
    )
    select * from o`.execute(db);
  return res.rows[0] ?? null;
}

/**
 * Pull: assigns the conversation unless someone has it, it is offered to someone else, or the agent is
 * offline; logs it and answers an offer of it to this same agent. Null when it was not theirs to take.
 */
export async function pullAtOnce(db: RoutingDb, conversationId: string, userId: string, nowUs: number): Promise<(ClaimedRow & { offer: RoutingOffersTable | null }) | null> {
  const res = await sql<Returned>`
    with a as (
      update conversations set assignee_id = ${userId}, updated_at_us = ${nowUs}
      where id = ${conversationId} and assignee_id is null and status = 'open'
        and exists (select 1 from agent_presence p where p.user_id = ${userId} and p.state <> 'offline')
        and not exists (select 1 from routing_offers o where o.conversation_id = ${conversationId} and o.status = 'pending' and o.user_id <> ${userId})
      returning *
    ), l as (
      insert into routing_log (id, conversation_id, user_id, kind, reason, at_us)
      select ${`rlg_${ulid()}`}, a.id, ${userId}, 'pulled', null, cast(${nowUs} as bigint) from a
    ), m as (
      update routing_offers set status = 'accepted', resolved_at_us = ${nowUs}
      where conversation_id in (select id from a) and user_id = ${userId} and status = 'pending'
      returning *
    )
    select a.*, cu.display_name as customer_name, (select row_to_json(m) from m limit 1) as offer
    from a left join customers cu on cu.id = a.customer_id`.execute(db);
  const got = res.rows[0];
  return got ? split(got) : null;
}
