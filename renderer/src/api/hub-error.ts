import { ApiErrorSchema, type ApiIssue } from '../../../shared/index.js';

/** Codes the hub sends, plus two of our own for failures that never reached a well-formed hub answer. */
export type HubErrorCode = string | 'network' | 'invalid_response';

/** Any failed hub call: HTTP status, the hub's error code, and the issues naming each bad field. */
export class HubError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: HubErrorCode,
    message: string,
    public readonly issues: ApiIssue[] = [],
  ) {
    super(message);
    this.name = 'HubError';
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

/** Builds a HubError from a non-2xx response body; tolerates bodies that are not the documented shape. */
export function hubErrorFromBody(status: number, body: unknown): HubError {
  const parsed = ApiErrorSchema.safeParse(body);
  if (parsed.success) {
    const e = parsed.data.error;
    return new HubError(status, e.code, e.message, e.issues);
  }
  return new HubError(status, status === 401 ? 'unauthorized' : 'invalid_response', `The hub answered ${status} without a readable error`);
}

/** One line for the UI: the message plus the fields it names. */
export function describeError(err: unknown): string {
  if (err instanceof HubError) {
    const fields = err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return fields ? `${err.message} (${fields})` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
