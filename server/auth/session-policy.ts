import type { Role } from '../../shared/index.js';
import type { HubConfig } from '../config.js';

/* How long console sessions live: an idle timeout by role and an absolute lifetime. */

export const SESSION_TTL_US = 12 * 60 * 60 * 1_000_000;
const MINUTE_US = 60_000_000;
/** "Last seen" is written at most this often per session. */
export const LAST_SEEN_EVERY_US = MINUTE_US;

/** How long sessions live (server/config.ts: OMNI_SESSION_IDLE_MINUTES_ASSOCIATE / _DEFAULT, OMNI_SESSION_LIFETIME_HOURS). */
export interface SessionPolicy {
  /** Idle timeout for associates (shared store terminals). */
  idleAssociateUs: number;
  /** Idle timeout for every other role. */
  idleDefaultUs: number;
  /** Absolute lifetime from login. */
  lifetimeUs: number;
}
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleAssociateUs: 30 * MINUTE_US, idleDefaultUs: 8 * 60 * MINUTE_US, lifetimeUs: SESSION_TTL_US };

export function idleTimeoutUs(policy: SessionPolicy, role: Role): number {
  return role === 'associate' ? policy.idleAssociateUs : policy.idleDefaultUs;
}

/** OMNI_SESSION_IDLE_MINUTES_ASSOCIATE / _DEFAULT and OMNI_SESSION_LIFETIME_HOURS; unset parts keep the defaults. */
export function sessionPolicyFromConfig(config: Pick<HubConfig, 'sessionIdleMinutesAssociate' | 'sessionIdleMinutesDefault' | 'sessionLifetimeHours'>): Partial<SessionPolicy> {
  return {
    ...(config.sessionIdleMinutesAssociate ? { idleAssociateUs: Math.round(config.sessionIdleMinutesAssociate * MINUTE_US) } : {}),
    ...(config.sessionIdleMinutesDefault ? { idleDefaultUs: Math.round(config.sessionIdleMinutesDefault * MINUTE_US) } : {}),
    ...(config.sessionLifetimeHours ? { lifetimeUs: Math.round(config.sessionLifetimeHours * 60 * MINUTE_US) } : {}),
  };
}
