import { z } from 'zod';

/*
 * The audit trail (server/audit): who did what to whom, append-only and hash-chained. These are the
 * answers of `GET /api/v1/audit` (leads and admins: audit.read) and `GET /api/v1/customers/:id/viewers`
 * ("who viewed this customer"), and the names of the actions the hub records.
 */

/** Action names the hub writes (appendAudit takes only these: writers and the audit screen share one vocabulary); a stored row with another name is still shown. */
export const AUDIT_ACTIONS = {
  'auth.login': 'Signed in',
  'auth.login.failed': 'Failed sign-in',
  'auth.logout': 'Signed out',
  'auth.totp.enable': 'Turned on two-step sign-in',
  'auth.totp.disable': 'Turned off two-step sign-in',
  'auth.session.revoke': 'Ended a session',
  'user.create': 'Created a user',
  'user.update': 'Changed a user',
  'user.role': 'Changed a role',
  'user.deactivate': 'Deactivated a user',
  'user.reactivate': 'Reactivated a user',
  'user.password.reset': 'Reset a password',
  'user.password.change': 'Changed their password',
  'team.create': 'Created a team',
  'team.update': 'Changed a team',
  'team.member.add': 'Added a team member',
  'team.member.remove': 'Removed a team member',
  'customer.view': 'Viewed a customer',
  'customer.pii.reveal': 'Revealed contact details',
  'privacy.export': 'Exported personal data',
  'privacy.erase': 'Erased personal data',
  merge: 'Merged customers',
  undo: 'Undid a merge',
  'action.execute': 'Executed a next action',
  'dead_letter.replay': 'Replayed a dead letter',
} as const;
export type KnownAuditAction = keyof typeof AUDIT_ACTIONS;

/** How the console names an action: its label, or the raw name for one it does not know yet. */
export function auditActionLabel(action: string): string {
  return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

const IdFilter = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} must not be empty`)
    .max(128, `${field} is too long`);

/** `GET /api/v1/audit` query: every filter optional; `before` is the `nextBefore` of the previous page. */
export const AuditListQuerySchema = z.object({
  /** A user id (`actor.userId` of a row) or a system actor's name (`connector:shopify`, `import`, …). */
  actor: IdFilter('actor').optional(),
  /** Rows naming this customer as subject or as the related side (a merge's other customer). */
  customerId: IdFilter('customerId').optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.]{0,63}$/, 'action must be an action name like customer.view')
    .optional(),
  /** Keyset cursor: only rows older (lower sequence) than this; from the previous page's `nextBefore`. */
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'before must be the nextBefore cursor of a previous page')
    .optional(),
  limit: z.coerce.number().int('limit must be a whole number').min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
});
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;

export const AuditActorSchema = z.object({
  kind: z.enum(['user', 'system', 'anonymous']),
  /** users.id for a user (links, filters); null otherwise. */
  userId: z.string().nullable(),
  /** What the console shows: the user's name, a system actor's name, or "Unknown person" (a failed sign-in). */
  name: z.string(),
});
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditSubjectSchema = z.object({
  /** 'customer' | 'user' | 'dead_letter' | 'login' | … */
  type: z.string(),
  /** For links and filters (a customer id opens the profile); never shown as text. */
  id: z.string(),
  /** What the console shows: the customer's or user's name, or a description of the subject. */
  label: z.string(),
});
export type AuditSubject = z.infer<typeof AuditSubjectSchema>;

export const AuditLogEntrySchema = z.object({
  id: z.string(),
  /** Position in the hash chain (1, 2, …); the list is ordered by it, newest first. */
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  /** auditActionLabel(action), resolved on the hub so every client words it alike. */
  actionLabel: z.string(),
  actor: AuditActorSchema,
  subject: AuditSubjectSchema,
  /** A second subject (the other customer of a merge), null when none. */
  related: AuditSubjectSchema.nullable(),
  /** The reason given (reveal, merge, erasure), null when none. */
  reason: z.string().nullable(),
  /** Other details the action recorded, as short readable strings (field -> value); no ids worth showing are here. */
  details: z.record(z.string(), z.string()),
});
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

export const AuditLogPageSchema = z.object({
  entries: z.array(AuditLogEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;

/** One person who opened the customer's profile: when last, how often. */
export const CustomerViewerSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string().nullable(),
  lastViewedAt: z.string(),
  views: z.number().int(),
});
export type CustomerViewer = z.infer<typeof CustomerViewerSchema>;

/** `GET /api/v1/customers/:id/viewers` (audit.read), most recent viewer first. */
export const CustomerViewersResponseSchema = z.object({
  viewers: z.array(CustomerViewerSchema),
  /** Every recorded view of this customer (all viewers). */
  totalViews: z.number().int(),
});
export type CustomerViewersResponse = z.infer<typeof CustomerViewersResponseSchema>;

/** Result of walking the chain (`npm run audit:verify`). */
export const AuditChainReportSchema = z.object({
  ok: z.boolean(),
  rows: z.number().int(),
  /** The last row's hash when ok (write it down: a later run must still end on or after it). */
  head: z.string().nullable(),
  broken: z.object({ seq: z.number().int().nullable(), id: z.string(), reason: z.string() }).nullable(),
});
export type AuditChainReport = z.infer<typeof AuditChainReportSchema>;
