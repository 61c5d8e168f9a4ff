import { microsToIso, type Actor, type Presence, type PresenceReason, type PresenceState } from '../../shared/index.js';
import { ForbiddenError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { Db } from '../storage/schema.js';
import type { PresenceSettings } from './settings.js';
import { presenceDb, type AgentPresenceTable, type PresenceDb } from './tables.js';

export interface PresenceServiceOptions {
  db: Db;
  events: DomainEventPublisher;
  settings: PresenceSettings;
  /** This hub's id (stamped on the rows it heartbeats). */
  hubId: string;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** What other features read: the routing engine, the floor, the console's selector (via HTTP). */
export interface PresencePort {
  stateOf(userId: string): Promise<PresenceState>;
  /** Ids of users online now. */
  online(): Promise<string[]>;
  list(): Promise<Presence[]>;
  set(actor: Actor, state: PresenceState): Promise<Presence>;
}

/** A user who connects for the first time is online: opening the console is being at work. */
const FIRST_STATE: PresenceState = 'online';

/**
 * Agent presence in the database, so every hub agrees: one row per user with the state routing sees, the
 * state the agent chose, and the last heartbeat a hub wrote. Every change is a conditional UPDATE on the
 * state read, so two hubs sweeping or restoring at once change a row once; each change is published
 * (`presence.changed`) by the hub that made it.
 */
export class PresenceService implements PresencePort {
  private readonly db: PresenceDb;
  private readonly nowMs: () => number;
  private show: ((presence: Presence) => void) | null = null;

  constructor(private readonly o: PresenceServiceOptions) {
    this.db = presenceDb(o.db);
    this.nowMs = o.now ?? Date.now;
  }

  async stateOf(userId: string): Promise<PresenceState> {
    const row = await this.db.selectFrom('agent_presence').select('state').where('user_id', '=', userId).executeTakeFirst();
    return (row?.state as PresenceState | undefined) ?? 'offline';
  }

  async online(): Promise<string[]> {
    const rows = await this.db.selectFrom('agent_presence').select('user_id').where('state', '=', 'online').execute();
    return rows.map((r) => r.user_id);
  }

  async list(): Promise<Presence[]> {
    const rows = await this.db
      .selectFrom('agent_presence as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['p.user_id', 'p.state', 'p.reason', 'p.since_us', 'u.name'])
      .orderBy('u.name')
      .orderBy('p.user_id')
      .execute();
    return rows.map((r) => toPresence(r, r.name));
  }

  /** The caller's own state (PUT /api/v1/presence, socket `presence:set`). */
  async set(actor: Actor, state: PresenceState): Promise<Presence> {
    if (actor.kind !== 'user') throw new ForbiddenError('(actor)', 'presence belongs to a signed-in user');
    return this.setFor(actor.userId, state);
  }

  /**
   * Where a chosen change is shown to every signed-in socket before its write is durable (set once the
   * socket server runs: presence/module.ts). The commit's fsync was most of a presence change's fan-out
   * time and all of its tail (2 ms typical, 12-120 ms at p99 beside other disk work, measured 2026-12-04;
   * the raw socket.io floor pays none),
   * and presence is soft state: every hub re-stamps it each heartbeat. The bus fact still follows the
   * commit (routing and the floor act on stored state only), marked `shown` so realtime does not send it twice.
   */
  showChangesWith(show: (presence: Presence) => void): void {
    this.show = show;
  }

  /** Sets a user's chosen state (the agent, or the demo staffing its floor). Choosing is a sign of life too. */
  async setFor(userId: string, state: PresenceState): Promise<Presence> {
    const now = this.nowUs();
    // The row and the name in one read: both are needed before the write, to show the change at once.
    const found = await this.db
      .selectFrom('users as u')
      .leftJoin('agent_presence as p', 'p.user_id', 'u.id')
      .select(['u.name', 'p.user_id', 'p.state', 'p.chosen', 'p.reason', 'p.since_us', 'p.left_online_us', 'p.heartbeat_us', 'p.hub_id'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    const name = found?.name ?? '';
    // No presence row yet (a first choice): nothing to read again.
    const before: AgentPresenceTable | undefined = found?.user_id ? (found as AgentPresenceTable) : undefined;
    if (before && before.state === state && before.chosen === state) {
      await this.db.updateTable('agent_presence').set({ heartbeat_us: now, hub_id: this.o.hubId }).where('user_id', '=', userId).execute();
      return toPresence(before, name);
    }
    const was = (before?.state as PresenceState | undefined) ?? 'offline';
    const left_online_us = leftOnline(before, state, now);
    const next: AgentPresenceTable = { user_id: userId, state, chosen: state, reason: 'chosen', since_us: now, left_online_us, heartbeat_us: now, hub_id: this.o.hubId };
    const presence = toPresence(next, name);
    const shown = this.show !== null && state !== was;
    if (shown) this.show!(presence);
    try {
      await this.db
        .insertInto('agent_presence')
        .values(next)
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ state, chosen: state, reason: 'chosen', since_us: now, left_online_us, heartbeat_us: now, hub_id: this.o.hubId }))
        .execute();
    } catch (err) {
      // Shown but not stored: show the stored state again (what routing still sees).
      if (shown) this.show!(before ? toPresence(before, name) : { userId, name, state: 'offline', since: microsToIso(now), reason: 'chosen' });
      throw err;
    }
    if (state !== was) this.o.events.publish('presence.changed', { presence, was, ...(shown ? { shown: true } : {}) });
    return presence;
  }

  /** This hub holds a (first) live connection of the user: stamp it, and undo what a lost connection changed. */
  async connected(userId: string): Promise<void> {
    const now = this.nowUs();
    const inserted = await this.db
      .insertInto('agent_presence')
      .values({ user_id: userId, state: FIRST_STATE, chosen: FIRST_STATE, reason: 'reconnected', since_us: now, left_online_us: null, heartbeat_us: now, hub_id: this.o.hubId })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
      const row = await this.row(userId);
      if (row) await this.announce(row, 'offline');
      return;
    }
    await this.heartbeat([userId]);
  }

  /** Stamps the users this hub holds live connections of; a user whose connection was lost gets their chosen state back. */
  async heartbeat(userIds: readonly string[]): Promise<void> {
    if (userIds.length === 0) return;
    const now = this.nowUs();
    for (let i = 0; i < userIds.length; i += 500) {
      await this.db.updateTable('agent_presence').set({ heartbeat_us: now, hub_id: this.o.hubId }).where('user_id', 'in', userIds.slice(i, i + 500)).execute();
    }
    const lost = await this.db.selectFrom('agent_presence').selectAll().where('user_id', 'in', [...userIds]).where('reason', '=', 'connection-lost').execute();
    for (const row of lost) {
      if (row.state === row.chosen) continue;
      await this.change(row, row.chosen as PresenceState, 'reconnected', now);
    }
  }

  /** The user has no connection left on any hub: online turns away now (offline follows from the sweep). */
  async disconnected(userId: string): Promise<void> {
    const row = await this.row(userId);
    if (row?.state === 'online') await this.change(row, 'away', 'connection-lost', this.nowUs());
  }

  /**
   * Users no hub stamped for a while: online -> away, then -> offline. Safe on every hub at once: each row
   * changes in a conditional UPDATE on the state it was read in.
   */
  async sweep(): Promise<number> {
    const now = this.nowUs();
    const awayBefore = now - this.o.settings.awayAfterMs * 1000;
    const offlineBefore = now - this.o.settings.offlineAfterMs * 1000;
    const stale = await this.db.selectFrom('agent_presence').selectAll().where('state', '!=', 'offline').where('heartbeat_us', '<', awayBefore).execute();
    let changed = 0;
    for (const row of stale) {
      if (row.heartbeat_us < offlineBefore) changed += (await this.change(row, 'offline', 'connection-lost', now)) ? 1 : 0;
      else if (row.state === 'online') changed += (await this.change(row, 'away', 'connection-lost', now)) ? 1 : 0;
    }
    return changed;
  }

  /** One state change, only if the row is still in the state it was read in; published when it happened. */
  private async change(row: AgentPresenceTable, state: PresenceState, reason: PresenceReason, now: number): Promise<boolean> {
    const left_online_us = leftOnline(row, state, now);
    const res = await this.db
      .updateTable('agent_presence')
      .set({ state, reason, since_us: now, left_online_us })
      .where('user_id', '=', row.user_id)
      .where('state', '=', row.state)
      .where('since_us', '=', row.since_us)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) return false;
    await this.announce({ ...row, state, reason, since_us: now, left_online_us }, row.state as PresenceState);
    return true;
  }

  private async announce(row: AgentPresenceTable, was: PresenceState): Promise<Presence> {
    const presence = await this.toPresence(row);
    if (presence.state !== was) this.o.events.publish('presence.changed', { presence, was });
    return presence;
  }

  private row(userId: string): Promise<AgentPresenceTable | undefined> {
    return this.db.selectFrom('agent_presence').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  private async toPresence(row: AgentPresenceTable): Promise<Presence> {
    const user = await this.db.selectFrom('users').select('name').where('id', '=', row.user_id).executeTakeFirst();
    return toPresence(row, user?.name ?? '');
  }

  private nowUs(): number {
    return Math.floor(this.nowMs() * 1000);
  }
}

function toPresence(row: Pick<AgentPresenceTable, 'user_id' | 'state' | 'reason' | 'since_us'>, name: string): Presence {
  return { userId: row.user_id, name, state: row.state as PresenceState, since: microsToIso(row.since_us), reason: row.reason as PresenceReason };
}

/** Online clears it; leaving online stamps it; away -> offline keeps the first stamp (the grace period runs from there). */
function leftOnline(before: Pick<AgentPresenceTable, 'state' | 'left_online_us'> | undefined, state: PresenceState, now: number): number | null {
  if (state === 'online') return null;
  if (!before || before.state === 'online' || before.left_online_us === null) return now;
  return before.left_online_us;
}
