import { z } from 'zod';
import { RoleSchema } from './auth.js';

/*
 * Staff accounts and teams (queues): `GET/POST/PATCH /api/v1/users[/:id]` (users.manage; the roster
 * is readable with teams.manage), `GET/POST/PATCH /api/v1/teams[/:id]` and their members (teams.manage),
 * and `POST /api/v1/auth/password` (the caller's own password). Server and console share these.
 */

export const MIN_PASSWORD_LENGTH = 8;

const Id = (field: string) => z.string().trim().min(1, `${field} is required`).max(100, `${field} is too long`);

export const StaffEmailSchema = z
  .string('email is required')
  .trim()
  .toLowerCase()
  .min(1, 'email is required')
  .max(320, 'email is at most 320 characters')
  .regex(/^[^\s@]+@[^\s@]+$/, 'email must be an email address');
export const StaffNameSchema = z.string('name is required').trim().min(1, 'name is required').max(120, 'name is at most 120 characters');
export const NewPasswordSchema = z
  .string('newPassword is required')
  .min(MIN_PASSWORD_LENGTH, `the new password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, 'the new password is at most 1024 characters');

/** A team as a user's record names it. `key` is a short slug (`returns`) the CLI uses. */
export const TeamRefSchema = z.object({ id: z.string(), key: z.string(), name: z.string() });
export type TeamRef = z.infer<typeof TeamRefSchema>;

/** A staff account as admins see it. */
export const UserAccountSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** false: deactivated (cannot sign in; their sessions were ended). */
  active: z.boolean(),
  /** Signed in with a one-time password and has not yet chosen their own. */
  passwordChangeRequired: z.boolean(),
  teams: z.array(TeamRefSchema),
  createdAt: z.iso.datetime(),
  /** Last sign-in or activity (to the minute); null: never signed in. */
  lastSeenAt: z.iso.datetime().nullable(),
});
export type UserAccount = z.infer<typeof UserAccountSchema>;

export const UserIdParamsSchema = z.object({ id: Id('id') });

const TeamIdsSchema = z.array(Id('teamIds'), 'teamIds must be a list of team ids').max(50, 'at most 50 teams');

/** `POST /api/v1/users`. */
export const CreateUserRequestSchema = z.object({
  email: StaffEmailSchema,
  name: StaffNameSchema,
  role: RoleSchema,
  teamIds: TeamIdsSchema.default([]),
});
export type CreateUserRequest = z.input<typeof CreateUserRequestSchema>;

/** `POST /api/v1/users` (201) and `POST /api/v1/users/:id/password-reset`: the one-time password is shown this once. */
export const UserWithPasswordResponseSchema = z.object({ user: UserAccountSchema, oneTimePassword: z.string() });
export type UserWithPasswordResponse = z.infer<typeof UserWithPasswordResponseSchema>;

/** `PATCH /api/v1/users/:id`: any of the fields; `active: false` deactivates, `true` reactivates; `teamIds` replaces the memberships. */
export const UpdateUserRequestSchema = z
  .object({
    email: StaffEmailSchema.optional(),
    name: StaffNameSchema.optional(),
    role: RoleSchema.optional(),
    teamIds: TeamIdsSchema.optional(),
    active: z.boolean('active must be true or false').optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change: send email, name, role, teamIds or active', path: [] });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

export const UserResponseSchema = z.object({ user: UserAccountSchema });
export type UserResponse = z.infer<typeof UserResponseSchema>;
export const UserListResponseSchema = z.object({ users: z.array(UserAccountSchema) });
export type UserListResponse = z.infer<typeof UserListResponseSchema>;

/** `POST /api/v1/auth/password`: the caller's own password (the current one proves it is them). Answers 204. */
export const ChangePasswordRequestSchema = z
  .object({
    currentPassword: z.string('currentPassword is required').min(1, 'currentPassword is required').max(1024, 'currentPassword is too long'),
    newPassword: NewPasswordSchema,
  })
  .refine((b) => b.newPassword !== b.currentPassword, { message: 'the new password must differ from the current one', path: ['newPassword'] });
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

/** A member as a team lists them. */
export const TeamMemberSchema = z.object({ id: z.string(), name: z.string(), email: z.string(), role: RoleSchema, active: z.boolean() });
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const TeamSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Sorted by name; deactivated members stay listed (marked) until removed. */
  members: z.array(TeamMemberSchema),
});
export type Team = z.infer<typeof TeamSchema>;

export const TeamKeySchema = z
  .string('key is required')
  .trim()
  .toLowerCase()
  .min(1, 'key is required')
  .max(40, 'key is at most 40 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'key is lower-case letters, digits and single dashes, like store-support');
const TeamNameSchema = z.string('name is required').trim().min(1, 'name is required').max(60, 'name is at most 60 characters');
const DescriptionSchema = z.string('description must be text').trim().max(200, 'description is at most 200 characters');

/** `POST /api/v1/teams`: `key` defaults to a slug of the name. */
export const CreateTeamRequestSchema = z.object({ name: TeamNameSchema, key: TeamKeySchema.optional(), description: DescriptionSchema.optional() });
export type CreateTeamRequest = z.input<typeof CreateTeamRequestSchema>;

/** `PATCH /api/v1/teams/:id`. An empty description clears it. */
export const UpdateTeamRequestSchema = z
  .object({ name: TeamNameSchema.optional(), description: DescriptionSchema.optional() })
  .refine((b) => b.name !== undefined || b.description !== undefined, { message: 'nothing to change: send name or description', path: [] });
export type UpdateTeamRequest = z.infer<typeof UpdateTeamRequestSchema>;

export const TeamIdParamsSchema = z.object({ id: Id('id') });
export const TeamMemberParamsSchema = z.object({ id: Id('id'), userId: Id('userId') });
export const AddTeamMemberRequestSchema = z.object({ userId: Id('userId') });

export const TeamResponseSchema = z.object({ team: TeamSchema });
export type TeamResponse = z.infer<typeof TeamResponseSchema>;
export const TeamListResponseSchema = z.object({ teams: z.array(TeamSchema) });
export type TeamListResponse = z.infer<typeof TeamListResponseSchema>;

/** A team key from a name: `Store support` -> `store-support`. */
export function teamKeyOf(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'team'
  );
}
