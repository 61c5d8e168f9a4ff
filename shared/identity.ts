import { z } from 'zod';

/*
 * Identity issue 4: manual merges, exact undo, duplicate suggestions with evidence.
 * Auto-merge stays deterministic (shared identifiers, at ingest); everything probabilistic is a suggestion.
 */

const idString = (field: string) => z.string().trim().min(1, `${field} is required`).max(200, `${field} is too long`);
const reasonString = z.string().trim().max(500, 'reason must be at most 500 characters').optional();

/** `POST /api/v1/customers/:id/merge` */
export const MergeRequestSchema = z.object({ otherId: idString('otherId'), reason: reasonString });
export type MergeRequest = z.infer<typeof MergeRequestSchema>;
export const MergeResponseSchema = z.object({ mergeId: z.string(), intoId: z.string(), fromId: z.string() });
export type MergeResponse = z.infer<typeof MergeResponseSchema>;

/** `POST /api/v1/merges/:mergeId/undo` */
export const UndoMergeRequestSchema = z.object({ reason: reasonString });
export type UndoMergeRequest = z.infer<typeof UndoMergeRequestSchema>;
export const UndoMergeResponseSchema = z.object({
  mergeId: z.string(),
  /** The merged-away customer, active again. */
  restoredId: z.string(),
  /** The survivor it was split from. */
  fromId: z.string(),
  undoneAt: z.string(),
});
export type UndoMergeResponse = z.infer<typeof UndoMergeResponseSchema>;

/** Socket `customer:split`: an undo restored `restoredId` out of `fromId`. */
export const CustomerSplitEventSchema = z.object({ mergeId: z.string(), restoredId: z.string(), fromId: z.string() });
export type CustomerSplitEvent = z.infer<typeof CustomerSplitEventSchema>;

/** How one field compared: agree (same), partial (similar, e.g. Bob/Robert), disagree, missing (one side lacks it). */
export const AgreementSchema = z.enum(['agree', 'partial', 'disagree', 'missing']);
export type Agreement = z.infer<typeof AgreementSchema>;

export const MatchEvidenceSchema = z.object({
  field: z.string(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  agreement: AgreementSchema,
  /** Fellegi–Sunter log2 weight this comparison added to the score. */
  weight: z.number(),
});
export type MatchEvidence = z.infer<typeof MatchEvidenceSchema>;

export const DuplicateSuggestionSchema = z.object({
  customerId: z.string(),
  displayName: z.string(),
  /** Match probability in [0, 1]. */
  score: z.number().min(0).max(1),
  evidence: z.array(MatchEvidenceSchema),
});
export type DuplicateSuggestion = z.infer<typeof DuplicateSuggestionSchema>;

/** `GET /api/v1/customers/:id/duplicates` */
export const DuplicatesResponseSchema = z.object({ suggestions: z.array(DuplicateSuggestionSchema) });
export type DuplicatesResponse = z.infer<typeof DuplicatesResponseSchema>;
export const DuplicatesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 50').max(50, 'limit must be between 1 and 50').default(10),
});
export type DuplicatesQuery = z.infer<typeof DuplicatesQuerySchema>;

/** One audit-log row: who merged or undid what, when and why. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  action: z.enum(['merge', 'undo']),
  mergeId: z.string().nullable(),
  /** Merge: the survivor; undo: the restored customer. */
  customerId: z.string().nullable(),
  otherId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
/** `GET /api/v1/customers/:id/audit` (newest first). */
export const AuditResponseSchema = z.object({ entries: z.array(AuditEntrySchema) });
export type AuditResponse = z.infer<typeof AuditResponseSchema>;
