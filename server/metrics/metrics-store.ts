import type { Channel } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';
import type { Contact } from './figures.js';
import { metricsDb, type MetricsContactsTable, type MetricsDb } from './tables.js';

/* The legs, agent states and ratings in the database: what every hub loads at start and reads from each other. */

const toContact = (r: MetricsContactsTable): Contact => ({
  id: r.id,
  conversationId: r.conversation_id,
  callSid: r.call_sid,
  customerId: r.customer_id,
  queueId: r.queue_id,
  channel: r.channel as Channel,
  arrivedUs: Number(r.arrived_us),
  answeredUs: r.answered_us === null ? null : Number(r.answered_us),
  endedUs: r.ended_us === null ? null : Number(r.ended_us),
  outcome: r.outcome as Contact['outcome'],
  agentId: r.agent_id,
  handleSec: r.handle_sec === null ? null : Number(r.handle_sec),
  version: Number(r.version),
});

const toRow = (c: Contact, changedUs: number): MetricsContactsTable => ({
  id: c.id,
  conversation_id: c.conversationId,
  call_sid: c.callSid,
  customer_id: c.customerId,
  queue_id: c.queueId,
  channel: c.channel,
  arrived_us: c.arrivedUs,
  answered_us: c.answeredUs,
  ended_us: c.endedUs,
  outcome: c.outcome,
  agent_id: c.agentId,
  handle_sec: c.handleSec,
  version: c.version,
  changed_us: changedUs,
});

export interface AgentStateSpan {
  userId: string;
  state: string;
  fromUs: number;
  toUs: number | null;
}

export class MetricsStore {
  readonly db: MetricsDb;
  constructor(db: Db) {
    this.db = metricsDb(db);
  }

  /** Legs of today (arrived since `dayStartUs`) and any still running from before, a small page at a time (by id; a page dies young in V8's 2 MB semi-space), so a hub folding 100k legs never holds them all at once. */
  async *todayPages(dayStartUs: number, pageSize = 250): AsyncGenerator<{ c: Contact; changedUs: number }[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('metrics_contacts')
        .selectAll()
        .where('id', '>', after)
        .where((eb) => eb.or([eb('arrived_us', '>=', dayStartUs), eb('ended_us', 'is', null)]))
        .orderBy('id')
        .limit(pageSize)
        .execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => ({ c: toContact(r), changedUs: Number(r.changed_us) }));
      if (rows.length < pageSize) return;
    }
  }

  /** Who handled these legs' conversations and customers (drill-down rows of legs no longer held in memory). */
  async byIds(ids: readonly string[]): Promise<Contact[]> {
    const out: Contact[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await this.db.selectFrom('metrics_contacts').selectAll().where('id', 'in', ids.slice(i, i + 500)).execute()).map(toContact));
    return out;
  }

  /**
   * Claims pushes: the ids not claimed before are returned (and now claimed). Two hubs that both see a waiting
   * contact pass T try the same claim; the primary key lets exactly one of them push it.
   */
  async claimPushes(claims: readonly string[], atUs: number): Promise<string[]> {
    const won: string[] = [];
    for (let i = 0; i < claims.length; i += 200) {
      const rows = await this.db
        .insertInto('metrics_push_claims')
        .values(claims.slice(i, i + 200).map((claim) => ({ claim, at_us: atUs })))
        .onConflict((oc) => oc.column('claim').doNothing())
        .returning('claim')
        .execute();
      won.push(...rows.map((r) => r.claim));
    }
    return won;
  }

  /** Claims older than `beforeUs` (a day is plenty: a crossing is claimed within seconds by every hub). */
  async forgetClaims(beforeUs: number): Promise<void> {
    await this.db.deleteFrom('metrics_push_claims').where('at_us', '<', beforeUs).execute();
  }

  /** Writes legs (insert or replace by id); a row never goes back to an older version. */
  async save(contacts: readonly Contact[], changedUs: number): Promise<void> {
    for (let i = 0; i < contacts.length; i += 200) {
      const chunk = contacts.slice(i, i + 200).map((c) => toRow(c, changedUs));
      await this.db
        .insertInto('metrics_contacts')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            queue_id: eb.ref('excluded.queue_id'),
            answered_us: eb.ref('excluded.answered_us'),
            ended_us: eb.ref('excluded.ended_us'),
            outcome: eb.ref('excluded.outcome'),
            agent_id: eb.ref('excluded.agent_id'),
            handle_sec: eb.ref('excluded.handle_sec'),
            version: eb.ref('excluded.version'),
            changed_us: eb.ref('excluded.changed_us'),
          })).where('metrics_contacts.version', '<', (eb) => eb.ref('excluded.version')),
        )
        .execute();
    }
  }

  /**
   * The change feed: which legs were written since `sinceUs` (by any hub), as (id, version), a page at a time in
   * (changed_us, id) order, none left out however many. Only ids and versions: the feed re-reads its overlap every
   * tick, and a hub already holds most of what it finds (it asks `byIds` for the rest), so a burst of writes costs
   * small rows, not whole legs (a restart right after 100k legs were written read up to 20k full rows a tick).
   */
  async *changedSince(sinceUs: number, pageSize = 2000): AsyncGenerator<{ id: string; version: number }[]> {
    let after: { changedUs: number; id: string } | null = null;
    for (;;) {
      let q = this.db.selectFrom('metrics_contacts').select(['id', 'version', 'changed_us']);
      if (after === null) q = q.where('changed_us', '>=', sinceUs);
      else {
        const { changedUs, id } = after;
        q = q.where('changed_us', '>=', changedUs).where((eb) => eb.or([eb('changed_us', '>', changedUs), eb('id', '>', id)]));
      }
      const rows: { id: string; version: number; changed_us: number }[] = await q.orderBy('changed_us').orderBy('id').limit(pageSize).execute();
      if (rows.length === 0) return;
      const last = rows[rows.length - 1]!;
      after = { changedUs: Number(last.changed_us), id: last.id };
      yield rows.map((r) => ({ id: r.id, version: Number(r.version) }));
      if (rows.length < pageSize) return;
    }
  }

  /** Legs that arrived in [fromUs, toUs) (interval history, drill-down of past days). */
  async arrivedBetween(fromUs: number, toUs: number, queueId: string | null | undefined, channel: Channel | undefined): Promise<Contact[]> {
    let q = this.db.selectFrom('metrics_contacts').selectAll().where('arrived_us', '>=', fromUs).where('arrived_us', '<', toUs);
    if (queueId !== undefined) q = queueId === null ? q.where('queue_id', 'is', null) : q.where('queue_id', '=', queueId);
    if (channel) q = q.where('channel', '=', channel);
    return (await q.execute()).map(toContact);
  }

  /** Presence history: the open span closes, a new one starts (written by the hub that changed the presence). */
  async recordState(userId: string, state: string, atUs: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('metrics_agent_states').set({ to_us: atUs }).where('user_id', '=', userId).where('to_us', 'is', null).execute();
      await tx.insertInto('metrics_agent_states').values({ user_id: userId, state, from_us: atUs, to_us: null }).execute();
    });
  }

  async statesOverlapping(fromUs: number, toUs: number): Promise<AgentStateSpan[]> {
    const rows = await this.db
      .selectFrom('metrics_agent_states')
      .selectAll()
      .where('from_us', '<', toUs)
      .where((eb) => eb.or([eb('to_us', 'is', null), eb('to_us', '>', fromUs)]))
      .execute();
    return rows.map((r) => ({ userId: r.user_id, state: r.state, fromUs: Number(r.from_us), toUs: r.to_us === null ? null : Number(r.to_us) }));
  }

  async readSettings(): Promise<string | null> {
    const row = await this.db.selectFrom('metrics_settings').select('settings').where('id', '=', 'floor').executeTakeFirst();
    return row?.settings ?? null;
  }

  async writeSettings(json: string, by: string, atUs: number): Promise<void> {
    await this.db
      .insertInto('metrics_settings')
      .values({ id: 'floor', settings: json, updated_at_us: atUs, updated_by: by })
      .onConflict((oc) => oc.column('id').doUpdateSet({ settings: json, updated_at_us: atUs, updated_by: by }))
      .execute();
  }

  async addRating(r: { eventId: string; conversationId: string | null; customerId: string; queueId: string | null; channel: string; rating: number; atUs: number }): Promise<void> {
    await this.db
      .insertInto('metrics_ratings')
      .values({ event_id: r.eventId, conversation_id: r.conversationId, customer_id: r.customerId, queue_id: r.queueId, channel: r.channel, rating: r.rating, at_us: r.atUs })
      .onConflict((oc) => oc.column('event_id').doNothing())
      .execute();
  }

  async ratingsSince(fromUs: number): Promise<{ queueId: string | null; channel: string; rating: number }[]> {
    const rows = await this.db.selectFrom('metrics_ratings').select(['queue_id', 'channel', 'rating']).where('at_us', '>=', fromUs).execute();
    return rows.map((r) => ({ queueId: r.queue_id, channel: r.channel, rating: Number(r.rating) }));
  }
}
