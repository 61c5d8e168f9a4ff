import {
  can,
  CreateUserRequestSchema,
  RoleSchema,
  UpdateUserRequestSchema,
  type Actor,
  type CreateUserRequest,
  type Permission,
  type SessionInfo,
  type UpdateUserRequest,
  type UserAccount,
  type UserWithPasswordResponse,
} from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import { deleteSessionsOf, type SqlAuthService } from '../auth/auth-service.js';
import { hashPassword, randomSecret } from '../auth/passwords.js';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '../errors.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { newId } from '../storage/ids.js';
import type { Db, Dialect } from '../storage/schema.js';
import { asSchemaTx, teamRefsOf } from './teams-service.js';
import { usersDb, type UsersDb } from './user-tables.js';

export interface UsersServiceOptions {
  db: Db;
  dialect: Dialect;
  /** Ends sessions' sockets after a commit that deleted them (deactivation, role change, password reset). */
  auth: Pick<SqlAuthService, 'announceRevoked' | 'forgetUser' | 'listSessions'>;
  now?: () => number;
}

type UserRow = { id: string; email: string; name: string; role: string; active: number; password_change_required: number; created_at_us: number; last_seen_us: number | null };

const requirePermission = (actor: Actor, permission: Permission) => {
  if (!can(actor, permission)) throw new ForbiddenError('authorization', `needs permission ${permission}`);
};

/** A readable one-time password (shown once; the user replaces it at first sign-in). */
const oneTimePassword = () => randomSecret(12);

/**
 * Staff accounts: create (with a one-time password), edit, deactivate and reactivate, reset a password.
 * Each change is one transaction with its audit rows; sessions it ends are announced after commit.
 */
export class SqlUsersService {
  private readonly db: UsersDb;
  private readonly now: () => number;

  constructor(private readonly o: UsersServiceOptions) {
    this.db = usersDb(o.db);
    this.now = o.now ?? nowMicros;
  }

  /** Every account, by name. Readable with teams.manage (leads staff teams from it) or users.manage. */
  async list(actor: Actor): Promise<UserAccount[]> {
    if (!can(actor, 'users.manage')) requirePermission(actor, 'teams.manage');
    const rows = await this.db.selectFrom('users').select(USER_COLUMNS).orderBy('name').orderBy('id').execute();
    return this.accounts(rows);
  }

  async get(actor: Actor, id: string): Promise<UserAccount> {
    if (!can(actor, 'users.manage')) requirePermission(actor, 'teams.manage');
    const row = await this.db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('id', `no user ${id}`);
    return (await this.accounts([row]))[0]!;
  }

  /** The account with this email (any case), or null: the CLI names users by email. */
  async findByEmail(actor: Actor, email: string): Promise<UserAccount | null> {
    requirePermission(actor, 'users.manage');
    const row = await this.db.selectFrom('users').select(USER_COLUMNS).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? (await this.accounts([row]))[0]! : null;
  }

  /** A new account with a one-time password (returned this once): the user must choose their own at first sign-in. */
  async create(actor: Actor, input: CreateUserRequest, opts: { password?: string } = {}): Promise<UserWithPasswordResponse> {
    requirePermission(actor, 'users.manage');
    const body = parseInput(CreateUserRequestSchema, input);
    const password = opts.password ?? oneTimePassword();
    const hash = await hashPassword(password);
    const id = newId('usr');
    await this.write(async (tx) => {
      if (await tx.selectFrom('users').select('id').where('email', '=', body.email).executeTakeFirst()) throw emailTaken(body.email);
      const teamIds = await existingTeams(tx, body.teamIds);
      const atUs = this.now();
      await tx
        .insertInto('users')
        .values({ id, email: body.email, name: body.name, role: body.role, password_hash: hash, created_at_us: atUs, password_change_required: opts.password ? 0 : 1 })
        .execute();
      for (const teamId of teamIds) await tx.insertInto('team_members').values({ team_id: teamId, user_id: id, added_at_us: atUs }).execute();
      await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'user.create', subject: { type: 'user', id }, payload: { role: body.role, teamIds } });
    });
    return { user: await this.get(actor, id), oneTimePassword: password };
  }

  /**
   * Name, email, role, teams (replaced), active. Deactivating or changing the role ends the user's
   * sessions (their sockets carry the role). The last active admin can be neither deactivated nor demoted.
   */
  async update(actor: Actor, id: string, input: UpdateUserRequest): Promise<UserAccount> {
    requirePermission(actor, 'users.manage');
    const patch = parseInput(UpdateUserRequestSchema, input);
    const revoked = await this.write(async (tx) => {
      const row = await tx.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('id', `no user ${id}`);
      const wasActive = Number(row.active) === 1;
      const deactivate = patch.active === false && wasActive;
      const reactivate = patch.active === true && !wasActive;
      const roleTo = patch.role !== undefined && patch.role !== row.role ? patch.role : undefined;
      if (deactivate && actor.kind === 'user' && actor.userId === id) throw new ConflictError('active', 'you cannot deactivate your own account');
      if (wasActive && row.role === 'admin' && (deactivate || (roleTo && roleTo !== 'admin'))) await this.keepAnAdmin(tx, id, deactivate ? 'active' : 'role');

      const atUs = this.now();
      const set: { email?: string; name?: string; role?: string; active?: number; deactivated_at_us?: number | null } = {};
      const fields: string[] = [];
      if (patch.email !== undefined && patch.email !== row.email) {
        if (await tx.selectFrom('users').select('id').where('email', '=', patch.email).where('id', '!=', id).executeTakeFirst()) throw emailTaken(patch.email);
        set.email = patch.email;
        fields.push('email');
      }
      if (patch.name !== undefined && patch.name !== row.name) {
        set.name = patch.name;
        fields.push('name');
      }
      if (roleTo) set.role = roleTo;
      if (deactivate) Object.assign(set, { active: 0, deactivated_at_us: atUs });
      if (reactivate) Object.assign(set, { active: 1, deactivated_at_us: null });
      const teams = patch.teamIds ? await this.replaceTeams(tx, id, patch.teamIds, atUs) : { added: [], removed: [] };

      if (Object.keys(set).length) await tx.updateTable('users').set(set).where('id', '=', id).execute();
      const ended = deactivate || roleTo ? await deleteSessionsOf(asSchemaTx(tx), id) : [];
      const subject = { type: 'user', id };
      if (fields.length || teams.added.length || teams.removed.length) {
        await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'user.update', subject, payload: { fields, teamsAdded: teams.added, teamsRemoved: teams.removed } });
      }
      if (roleTo) await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'user.role', subject, payload: { from: row.role, to: roleTo, endedSessions: ended.length } });
      if (deactivate) await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'user.deactivate', subject, payload: { endedSessions: ended.length } });
      if (reactivate) await appendAudit(asSchemaTx(tx), { atUs, actor, action: 'user.reactivate', subject, payload: {} });
      return ended;
    });
    this.o.auth.announceRevoked(revoked);
    // A new name or email reaches the sessions' cached user at once.
    this.o.auth.forgetUser(id);
    return this.get(actor, id);
  }

  /** A new one-time password for someone who lost theirs: their sessions end, and they must choose a new one at sign-in. */
  async resetPassword(actor: Actor, id: string): Promise<UserWithPasswordResponse> {
    requirePermission(actor, 'users.manage');
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const revoked = await this.write(async (tx) => {
      const row = await tx.selectFrom('users').select(['id']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('id', `no user ${id}`);
      await tx.updateTable('users').set({ password_hash: hash, password_change_required: 1 }).where('id', '=', id).execute();
      const ended = await deleteSessionsOf(asSchemaTx(tx), id);
      await appendAudit(asSchemaTx(tx), { atUs: this.now(), actor, action: 'user.password.reset', subject: { type: 'user', id }, payload: { endedSessions: ended.length } });
      return ended;
    });
    this.o.auth.announceRevoked(revoked);
    return { user: await this.get(actor, id), oneTimePassword: password };
  }

  /** An admin looks at someone's live sessions (when, last seen, which device) before ending them. */
  async sessions(actor: Actor, id: string): Promise<SessionInfo[]> {
    requirePermission(actor, 'users.manage');
    await this.get(actor, id);
    return this.o.auth.listSessions(id);
  }

  /** "Sign out everywhere": every session of the user ends now (their sockets on every hub too); the account stays as it is. Audited. */
  async signOutEverywhere(actor: Actor, id: string): Promise<UserAccount> {
    requirePermission(actor, 'users.manage');
    const revoked = await this.write(async (tx) => {
      const row = await tx.selectFrom('users').select(['id']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError('id', `no user ${id}`);
      const ended = await deleteSessionsOf(asSchemaTx(tx), id);
      const own = actor.kind === 'user' && actor.userId === id;
      await appendAudit(asSchemaTx(tx), { atUs: this.now(), actor, action: 'auth.session.revoke', subject: { type: 'user', id }, payload: { own, all: true, endedSessions: ended.length } });
      return ended;
    });
    this.o.auth.announceRevoked(revoked);
    return this.get(actor, id);
  }

  /** Refuses to leave the hub without an active admin. PostgreSQL: the admins' rows stay locked until commit, so two admins cannot demote each other at once. */
  private async keepAnAdmin(tx: UsersDb, id: string, field: 'active' | 'role'): Promise<void> {
    let q = tx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1);
    if (this.o.dialect === 'postgres') q = q.forUpdate();
    const admins = await q.execute();
    if (!admins.some((a) => a.id !== id)) {
      throw new ConflictError(field, field === 'active' ? 'this is the last active admin: make someone else an admin first' : 'this is the last active admin: they must stay an admin until someone else is one');
    }
  }

  /** Sets the user's teams to exactly `teamIds` (each must exist). */
  private async replaceTeams(tx: UsersDb, userId: string, wanted: readonly string[], atUs: number): Promise<{ added: string[]; removed: string[] }> {
    const teamIds = await existingTeams(tx, wanted);
    const current = (await tx.selectFrom('team_members').select('team_id').where('user_id', '=', userId).execute()).map((r) => r.team_id);
    const added = teamIds.filter((t) => !current.includes(t));
    const removed = current.filter((t) => !teamIds.includes(t));
    if (removed.length) await tx.deleteFrom('team_members').where('user_id', '=', userId).where('team_id', 'in', removed).execute();
    for (const teamId of added) await tx.insertInto('team_members').values({ team_id: teamId, user_id: userId, added_at_us: atUs }).execute();
    return { added, removed };
  }

  private async write<T>(fn: (tx: UsersDb) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction().execute((tx) => fn(tx));
    } catch (err) {
      // Two writers raced past the check: the unique index on email answers, in the same words.
      if (isUniqueViolation(err) && String((err as Error).message).includes('email')) throw new ConflictError('email', 'a user with this email already exists');
      throw err;
    }
  }

  private async accounts(rows: readonly UserRow[]): Promise<UserAccount[]> {
    const teams = await teamRefsOf(this.db, rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: RoleSchema.parse(r.role),
      active: Number(r.active) === 1,
      passwordChangeRequired: Number(r.password_change_required) === 1,
      teams: teams.get(r.id) ?? [],
      createdAt: new Date(Number(r.created_at_us) / 1000).toISOString(),
      lastSeenAt: r.last_seen_us === null ? null : new Date(Number(r.last_seen_us) / 1000).toISOString(),
    }));
  }
}

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'active', 'password_change_required', 'created_at_us', 'last_seen_us'] as const;

const emailTaken = (email: string) => new ConflictError('email', `a user with email ${email} already exists`);

/** The ids as given, deduplicated; an unknown one is a 404 naming `teamIds[i]`. */
async function existingTeams(tx: UsersDb, teamIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(teamIds)];
  if (unique.length === 0) return [];
  const found = new Set((await tx.selectFrom('teams').select('id').where('id', 'in', unique).execute()).map((r) => r.id));
  const missing = teamIds.findIndex((t) => !found.has(t));
  if (missing !== -1) throw new NotFoundError(`teamIds[${missing}]`, `no team ${teamIds[missing]}`);
  return unique;
}

