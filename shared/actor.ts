import { z } from 'zod';
import { RoleSchema, type User } from './auth.js';
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.js';

export { PERMISSIONS, ROLE_PERMISSIONS, roleCan, type Permission } from './permissions.js';

/*
 * The caller of every domain port. A user (a console session) or the system itself (a connector,
 * an import, a sweep, the demo seeder, the CLI). Ports take it first so permission and masking rules
 * can be enforced where data is read and written, and the audit names a user id, not an email.
 */

/** `connector:shopify`, `import`, `sweep` (after-commit and scheduled work), `demo`, `cli`, `bench`, `test`. */
export const SystemActorNameSchema = z.union([
  z.templateLiteral(['connector:', z.string().min(1)]),
  z.enum(['import', 'sweep', 'demo', 'cli', 'bench', 'test']),
]);
export type SystemActorName = z.infer<typeof SystemActorNameSchema>;

export const ActorSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    userId: z.string(),
    role: RoleSchema,
    email: z.string(),
    name: z.string().optional(),
    permissions: z.array(z.enum(PERMISSIONS)).readonly(),
  }),
  z.object({ kind: z.literal('system'), name: SystemActorNameSchema, permissions: z.array(z.enum(PERMISSIONS)).readonly() }),
]);
export type Actor = z.infer<typeof ActorSchema>;
export type UserActor = Extract<Actor, { kind: 'user' }>;
export type SystemActor = Extract<Actor, { kind: 'system' }>;

export function userActor(user: User): UserActor {
  return { kind: 'user', userId: user.id, role: user.role, email: user.email, name: user.name, permissions: ROLE_PERMISSIONS[user.role] };
}

/** The hub acting on its own behalf: trusted code, every permission. */
export function systemActor(name: SystemActorName): SystemActor {
  return { kind: 'system', name, permissions: PERMISSIONS };
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.includes(permission);
}

/** How the audit and logs name an actor: the user's email, or the system actor's name. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.email : actor.name;
}
