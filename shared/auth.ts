import { z } from 'zod';

export const ROLES = ['admin', 'lead', 'agent', 'associate'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type User = z.infer<typeof UserSchema>;

export const LoginRequestSchema = z.object({
  email: z.string().trim().min(1, 'email is required').max(320),
  password: z.string().min(1, 'password is required').max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** `passwordChangeRequired`: signed in with a one-time password; until `POST /api/v1/auth/password` every other route answers 403 naming `password`. */
export const LoginResponseSchema = z.object({ token: z.string(), user: UserSchema, passwordChangeRequired: z.boolean().default(false) });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** One of the caller's sessions (`GET /api/v1/auth/sessions`). The console shows when and where, never the id. */
export const SessionInfoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  /** The client's IP address as the hub saw it. */
  clientAddress: z.string().nullable(),
  /** The session making this request. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SessionListResponseSchema = z.object({ sessions: z.array(SessionInfoSchema) });
export type SessionListResponse = z.infer<typeof SessionListResponseSchema>;

export const SessionIdParamsSchema = z.object({ id: z.string().min(1, 'id is required').max(100) });
