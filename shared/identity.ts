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

/*
 * Identifier kinds and what each one proves (issue 9). A `person` identifier belongs to one person: events
 * sharing it are one customer, and an event carrying two customers' person identifiers merges them. A `shared`
 * identifier may be held by a whole household (many retailers issue one loyalty card per household): it links
 * customers and raises a duplicate suggestion, and merges only when the people's names and birth dates agree.
 */
export const IDENTIFIER_KINDS = ['email', 'phone', 'loyalty', 'external'] as const;
export const IdentifierKindSchema = z.enum(IDENTIFIER_KINDS);
export type IdentifierKindName = z.infer<typeof IdentifierKindSchema>;
export const IdentifierScopeSchema = z.enum(['person', 'shared']);
export type IdentifierScope = z.infer<typeof IdentifierScopeSchema>;
export type IdentifierScopes = Readonly<Record<IdentifierKindName, IdentifierScope>>;

/** Loyalty cards default to `shared` (the safe side: never merge two partners unasked). */
export const DEFAULT_SHARED_IDENTIFIERS: readonly IdentifierKindName[] = ['loyalty'];

/** Scope of every kind, given the kinds that may be shared (OMNI_SHARED_IDENTIFIERS). */
export function identifierScopes(shared: readonly IdentifierKindName[] = DEFAULT_SHARED_IDENTIFIERS): IdentifierScopes {
  return Object.fromEntries(IDENTIFIER_KINDS.map((k) => [k, shared.includes(k) ? 'shared' : 'person'])) as Record<IdentifierKindName, IdentifierScope>;
}

/** "loyalty,phone" / "none" -> kinds; throws naming the unknown kind. */
export function parseSharedIdentifiers(value: string): IdentifierKindName[] {
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'none') return [];
  const kinds = v.split(',').map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!IdentifierKindSchema.safeParse(k).success) throw new Error(`"${k}" is not an identifier kind (expected ${IDENTIFIER_KINDS.join(', ')} or none)`);
  }
  return [...new Set(kinds)] as IdentifierKindName[];
}

/** How one field compared: agree (same), partial (similar, e.g. Bob/Robert), disagree, missing (one side lacks it). */
export const AgreementSchema = z.enum(['agree', 'partial', 'disagree', 'missing']);
export type Agreement = z.infer<typeof AgreementSchema>;

export const MatchEvidenceSchema = z.object({
  field: z.string(),
  ours: z.string().nullable(),
  theirs: z.string().nullable(),
  agreement: AgreementSchema,
  /** `ours` / `theirs` as the source sent them (`1984-03-12`, `Ann`), where the hub knows; the matcher compares the normalized values. */
  oursEntered: z.string().optional(),
  theirsEntered: z.string().optional(),
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
  /**
   * Why it is suggested: `similar` (the matcher scored the pair), or `shared-identifier` (an event carried a
   * shared identifier — e.g. a household loyalty card — of both, and their names or birth dates disagree, so
   * ingest linked them instead of merging; listed whatever the score).
   */
  reason: z.enum(['similar', 'shared-identifier']).optional(),
  /** With `shared-identifier`: the kind of identifier the two share. */
  sharedKind: IdentifierKindSchema.optional(),
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
