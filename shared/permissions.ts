import type { Role } from './auth.js';

/*
 * The one permission model: what each role may do. The hub enforces it on every HTTP route and socket
 * event (server/http/feature-routes.ts, the socket handlers); the console reads the same table to hide
 * what a role cannot do. Decisions, documented once:
 * - Associates work a shared store terminal: they read customers with masked contacts (no
 *   customer.pii.read), may reveal one customer's contacts with a reason (audited), and cannot merge.
 * - Agents merge and may undo their own merges; undoing someone else's merge needs merge.undo.any
 *   (leads, admins).
 * - Leads staff teams, watch the floor, read the audit and reports; admins also manage users,
 *   connectors and privacy requests.
 */
export const PERMISSIONS = [
  'customer.read',
  'customer.pii.read',
  'customer.pii.reveal',
  'customer.merge',
  'merge.undo.own',
  'merge.undo.any',
  'action.execute',
  'conversation.read',
  'conversation.work',
  'conversation.assign',
  'dashboard.view',
  'value.report',
  'teams.manage',
  'users.manage',
  'connectors.manage',
  'privacy.export',
  'privacy.erase',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const AGENT: readonly Permission[] = [
  'customer.read',
  'customer.pii.read',
  'customer.pii.reveal',
  'customer.merge',
  'merge.undo.own',
  'action.execute',
  'conversation.read',
  'conversation.work',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  lead: [...AGENT, 'merge.undo.any', 'conversation.assign', 'dashboard.view', 'value.report', 'teams.manage', 'audit.read'],
  agent: AGENT,
  associate: ['customer.read', 'customer.pii.reveal', 'action.execute', 'conversation.read', 'conversation.work'],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
