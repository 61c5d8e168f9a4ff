import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_json',
  'invalid_request',
  'payload_too_large',
  'unsupported_media_type',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'internal',
] as const;
export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** The HTTP status that answers each code (the API contract; server/http applies it, dead letters record it). */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  invalid_json: 400,
  invalid_request: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

/** One problem with the input: `path` names the field (dot/bracket form, e.g. `events[3].occurredAt`). */
export const ApiIssueSchema = z.object({ path: z.string(), message: z.string() });
export type ApiIssue = z.infer<typeof ApiIssueSchema>;

/** The only error body the hub ever sends. */
export const ApiErrorSchema = z.object({
  error: z.object({
    code: ErrorCodeSchema,
    message: z.string(),
    issues: z.array(ApiIssueSchema),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Turns zod issues into API issues; `prefix` lets a batch say `events[3].` */
export function zodIssuesToApi(issues: readonly z.core.$ZodIssue[], prefix = ''): ApiIssue[] {
  return issues.map((i) => ({ path: formatPath(prefix, i.path), message: i.message }));
}

export function formatPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' || out.endsWith('.') ? String(seg) : `.${String(seg)}`;
  }
  return out.endsWith('.') ? out.slice(0, -1) : out || '(body)';
}
