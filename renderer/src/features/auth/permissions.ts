import { ROLES, type Role } from '../../../../shared/index.js';
import { roleCan, type Permission } from '../../../../shared/permissions.js';
import { useSession } from './session-store.js';

/*
 * The console hides what the signed-in role cannot do, reading the one table in shared/permissions.ts.
 * Hiding is a courtesy: the hub refuses anyway (403 naming the permission).
 */

/** May the signed-in user do `permission`? False when signed out. */
export function useCan(permission: Permission): boolean {
  return useSession((s) => (s.user ? roleCan(s.user.role, permission) : false));
}

/** The roles holding `permission`: what a feature screen's `roles` gate is built from. */
export function rolesWith(permission: Permission): readonly Role[] {
  return ROLES.filter((r) => roleCan(r, permission));
}
