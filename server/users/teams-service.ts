import type { Transaction } from 'kysely';
import {
  can,
  CreateTeamRequestSchema,
  RoleSchema,
  teamKeyOf,
  UpdateTeamRequestSchema,
  type Actor,
  type CreateTeamRequest,
  type Team,
  type TeamMember,
  type TeamRef,
  type UpdateTeamRequest,
} from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '../errors.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { Db, Schema } from '../storage/schema.js';
import { usersDb, type UsersDb } from './user-tables.js';

/**
 * Teams (queues) as other features read them: conversations and routing ask who works a queue and
 * which queues a person works. Trusted internal reads (no caller): the routes check permissions.
 */
export interface TeamsService {
  /** The team's ACTIVE members, by name (a deactivated user is never routed to). Empty for an unknown team. */
  membersOf(teamId: string): Promise<TeamMember[]>;
  /** The teams a user belongs to, by name. */
  teamsOf(userId: string): Promise<TeamRef[]>;
  /** Every team with its members (deactivated ones marked), by name. */
  list(): Promise<Team[]>;
}

const requireTeamsManage = (actor: Actor) => {
  if (!can(actor, 'teams.manage')) throw new ForbiddenError('authorization', 'needs permission teams.manage');
};

/** Teams, their members and the audit of every change. Each change is one transaction with its audit row. */
export class SqlTeamsService implements TeamsService {
  private readonly db: UsersDb;

  constructor(
    db: Db,
    private readonly now: () => number = nowMicros,
  ) {
    this.db = usersDb(db);
  }

  async membersOf(teamId: string): Promise<TeamMember[]> {
    return (await this.members([teamId])).get(teamId)?.filter((m) => m.active) ?? [];
  }

  async teamsOf(userId: string): Promise<TeamRef[]> {
    return (await teamRefsOf(this.db, [userId])).get(userId) ?? [];
  }

  async list(): Promise<Team[]> {
    const rows = await this.db.selectFrom('teams').selectAll().orderBy('name_folded').execute();
    const members = await this.members(rows.map((r) => r.id));
    return rows.map((r) => toTeam(r, members.get(r.id) ?? []));
  }

  async get(id: string): Promise<Team> {
    const row = await this.db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('id', `no team ${id}`);
    return toTeam(row, (await this.members([id])).get(id) ?? []);
  }

  /** A team by its key (`returns`) or, failing that, its name (any case): the CLI's `--team`. */
  async findByKeyOrName(keyOrName: string): Promise<TeamRef | null> {
    const folded = keyOrName.trim().toLowerCase();
    const row = await this.db
      .selectFrom('teams')
      .select(['id', 'key', 'name'])
      .where((eb) => eb.or([eb('key', '=', folded), eb('name_folded', '=', folded)]))
      .executeTakeFirst();
    return row ?? null;
  }

  async create(actor: Actor, input: CreateTeamRequest): Promise<Team> {
    requireTeamsManage(actor);
    const body = parseInput(CreateTeamRequestSchema, input);
    const key = body.key ?? teamKeyOf(body.name);
    const id = `team_${ulid()}`;
    await this.write(async (tx) => {
      await assertFree(tx, { key, name: body.name });
      const atUs = this.now();
      await tx
        .insertInto('teams')
        .values({ id, key, name: body.name, name_folded: body.name.toLowerCase(), description: body.description || null, created_at_us: atUs })
        .execute();
      await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'team.create', subject: { type: 'team', id }, payload: { key } });
    });
    return this.get(id);
  }

  async update(actor: Actor, id: string, input: UpdateTeamRequest): Promise<Team> {
    requireTeamsManage(actor);
    const patch = parseInput(UpdateTeamRequestSchema, input);
    await this.write(async (tx) => {
      const row = await tx.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('id', `no team ${id}`);
      const set: { name?: string; name_folded?: string; description?: string | null } = {};
      if (patch.name !== undefined && patch.name !== row.name) {
        if (patch.name.toLowerCase() !== row.name_folded) await assertFree(tx, { name: patch.name });
        Object.assign(set, { name: patch.name, name_folded: patch.name.toLowerCase() });
      }
      if (patch.description !== undefined && (patch.description || null) !== row.description) set.description = patch.description || null;
      if (Object.keys(set).length === 0) return;
      await tx.updateTable('teams').set(set).where('id', '=', id).execute();
      await appendAudit(asSchemaTx(tx), { atUs: this.now(), actor, action: 'team.update', subject: { type: 'team', id }, payload: { fields: Object.keys(set).filter((f) => f !== 'name_folded') } });
    });
    return this.get(id);
  }

  /** Adds a member (already one: no change). The user must exist and be active. */
  async addMember(actor: Actor, teamId: string, userId: string): Promise<Team> {
    requireTeamsManage(actor);
    await this.write(async (tx) => {
      await this.requireTeam(tx, teamId);
      const user = await tx.selectFrom('users').select(['id', 'active']).where('id', '=', userId).executeTakeFirst();
      if (!user) throw new NotFoundError('userId', `no user ${userId}`);
      if (Number(user.active) !== 1) throw new ConflictError('userId', 'this user is deactivated: reactivate them before adding them to a team');
      const has = await tx.selectFrom('team_members').select('user_id').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
      if (has) return;
      const atUs = this.now();
      await tx.insertInto('team_members').values({ team_id: teamId, user_id: userId, added_at_us: atUs }).execute();
      await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'team.member.add', subject: { type: 'team', id: teamId }, relatedId: userId, payload: { userId } });
    });
    return this.get(teamId);
  }

  async removeMember(actor: Actor, teamId: string, userId: string): Promise<Team> {
    requireTeamsManage(actor);
    await this.write(async (tx) => {
      await this.requireTeam(tx, teamId);
      const gone = await tx.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).returning('user_id').executeTakeFirst();
      if (!gone) throw new NotFoundError('userId', 'this user is not a member of the team');
      await appendAudit(asSchemaTx(tx), { atUs: this.now(), actor, action: 'team.member.remove', subject: { type: 'team', id: teamId }, relatedId: userId, payload: { userId } });
    });
    return this.get(teamId);
  }

  private async requireTeam(tx: UsersDb, teamId: string): Promise<void> {
    if (!(await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst())) throw new NotFoundError('id', `no team ${teamId}`);
  }

  private async write(fn: (tx: UsersDb) => Promise<void>): Promise<void> {
    try {
      await this.db.transaction().execute((tx) => fn(tx));
    } catch (err) {
      // Two writers raced past the check: the unique index answers, in the same words.
      if (isUniqueViolation(err)) {
        const field = String((err as Error).message).includes('name_folded') ? 'name' : 'key';
        throw new ConflictError(field, `a team with this ${field} already exists`);
      }
      throw err;
    }
  }

  private async members(teamIds: readonly string[]): Promise<Map<string, TeamMember[]>> {
    const out = new Map<string, TeamMember[]>();
    if (teamIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('team_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.team_id', 'u.id', 'u.name', 'u.email', 'u.role', 'u.active'])
      .where('m.team_id', 'in', [...teamIds])
      .orderBy('u.name')
      .orderBy('u.id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.team_id) ?? [];
      list.push({ id: r.id, name: r.name, email: r.email, role: RoleSchema.parse(r.role), active: Number(r.active) === 1 });
      out.set(r.team_id, list);
    }
    return out;
  }
}

/** appendAudit takes the hub's own transaction type; this one also knows migration 0016's tables. */
export const asSchemaTx = (tx: UsersDb): Transaction<Schema> => tx as unknown as Transaction<Schema>;

/** The name first: a key derived from a taken name is taken too, and the name is what the person typed. */
async function assertFree(tx: UsersDb, want: { key?: string; name?: string }): Promise<void> {
  if (want.name !== undefined && (await tx.selectFrom('teams').select('id').where('name_folded', '=', want.name.toLowerCase()).executeTakeFirst())) {
    throw new ConflictError('name', `a team named "${want.name}" already exists`);
  }
  if (want.key !== undefined && (await tx.selectFrom('teams').select('id').where('key', '=', want.key).executeTakeFirst())) {
    throw new ConflictError('key', `a team with key "${want.key}" already exists`);
  }
}

/** The teams of each user, by team name. */
export async function teamRefsOf(db: UsersDb, userIds: readonly string[]): Promise<Map<string, TeamRef[]>> {
  const out = new Map<string, TeamRef[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('team_members as m')
    .innerJoin('teams as t', 't.id', 'm.team_id')
    .select(['m.user_id', 't.id', 't.key', 't.name'])
    .where('m.user_id', 'in', [...userIds])
    .orderBy('t.name_folded')
    .execute();
  for (const r of rows) {
    const list = out.get(r.user_id) ?? [];
    list.push({ id: r.id, key: r.key, name: r.name });
    out.set(r.user_id, list);
  }
  return out;
}

function toTeam(r: { id: string; key: string; name: string; description: string | null }, members: TeamMember[]): Team {
  return { id: r.id, key: r.key, name: r.name, description: r.description, members };
}
