import { createHash } from 'node:crypto';
import { can, userActor, type Actor, type AuditChainReport, type AuditListQuery, type AuditLogPage, type CustomerViewersResponse, type User } from '../../shared/index.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { nowMicros } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';
import { verifyAuditChain } from './audit-chain.js';
import { recordAudit, type NewAuditRow } from './audit-log.js';
import { customerViewers, listAudit } from './audit-reader.js';

/** A sign-in attempt as the edge saw it; never the password. */
export interface LoginAttempt {
  /** As typed; stored only as the account it names (a user id), or a digest when no account has it. */
  email: string;
  /** The signed-in user, or null for a refusal. */
  user: User | null;
  /** Why a refusal: wrong email or password (one answer for both), too many failures, or a deactivated account. */
  refusal?: 'bad_credentials' | 'throttled' | 'deactivated';
  address?: string;
  userAgent?: string;
}

/**
 * The audit trail as a service: reading it (leads and admins), "who viewed this customer", the chain
 * check, and the records the HTTP edge writes itself (sign-ins and sign-outs happen before or after a
 * session, outside any feature's transaction).
 */
export class SqlAuditService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = nowMicros,
  ) {}

  list(actor: Actor, query: AuditListQuery): Promise<AuditLogPage> {
    mayRead(actor);
    return listAudit(this.db, query);
  }

  async viewers(actor: Actor, customerId: string): Promise<CustomerViewersResponse> {
    mayRead(actor);
    const exists = await this.db.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
    if (!exists) throw new NotFoundError('id', `no customer with id "${customerId}"`);
    return customerViewers(this.db, customerId);
  }

  verify(actor: Actor): Promise<AuditChainReport> {
    mayRead(actor);
    return verifyAuditChain(this.db);
  }

  /** One record in a transaction of its own. */
  record(row: NewAuditRow): Promise<void> {
    return recordAudit(this.db, row);
  }

  /**
   * Success: the user signed in. Refusal: an anonymous attempt on the account the email names, or on
   * "an unknown account" identified by a digest of the typed text (which may be a mistyped password,
   * so it is never stored as typed). The same two statements run either way.
   */
  async recordLogin(a: LoginAttempt): Promise<void> {
    const client = { ...(a.address ? { address: a.address.slice(0, 128) } : {}), ...(a.userAgent ? { userAgent: a.userAgent.slice(0, 160) } : {}) };
    if (a.user) {
      await this.record({ atUs: this.now(), actor: userActor(a.user), action: 'auth.login', subject: { type: 'user', id: a.user.id }, payload: client });
      return;
    }
    const typed = a.email.trim().toLowerCase();
    const known = await this.db.selectFrom('users').select('id').where('email', '=', typed).executeTakeFirst();
    const subject = known ? { type: 'user', id: known.id } : { type: 'login', id: `acct_${createHash('sha256').update(typed).digest('hex').slice(0, 24)}` };
    await this.record({ atUs: this.now(), actor: { kind: 'anonymous' }, action: 'auth.login.failed', subject, payload: { result: a.refusal ?? 'bad_credentials', ...client } });
  }

  async recordLogout(user: User): Promise<void> {
    await this.record({ atUs: this.now(), actor: userActor(user), action: 'auth.logout', subject: { type: 'user', id: user.id }, payload: {} });
  }
}

function mayRead(actor: Actor): void {
  if (!can(actor, 'audit.read')) throw new ForbiddenError('authorization', 'needs audit.read (leads and admins)');
}
