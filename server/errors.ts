import { z } from 'zod';
import { zodIssuesToApi, type ApiIssue, type ErrorCode } from '../shared/index.js';

/*
 * Domain errors: what went wrong, in the domain's words, with the field it concerns. They know
 * nothing of HTTP: only server/http/errors.ts turns a kind into a status code, so connectors,
 * imports, the CLI and sweeps can throw and catch the same errors without a web server in sight.
 */

/** The shared API error codes a domain error can carry (server/http picks the status from it). */
export type DomainErrorCode = 'invalid_request' | 'not_found' | 'conflict' | 'forbidden' | 'unauthorized' | 'payload_too_large' | 'unsupported_media_type';

export class DomainError extends Error {
  /** One issue per field concerned; never empty. */
  readonly issues: ApiIssue[];

  constructor(
    public readonly code: DomainErrorCode,
    message: string,
    /** The field (`events[2].customer.phone`, `id`, `(body)`) or the full list of issues. */
    field: string | ApiIssue[],
  ) {
    super(message);
    this.issues = typeof field === 'string' ? [{ path: field, message }] : field.length ? field : [{ path: '(body)', message }];
  }

  /** The first field named. */
  get path(): string {
    return this.issues[0]!.path;
  }
}

/** Thrown for input that passed the schema but is still unusable; `path` names the field (e.g. `events[2].customer.phone`). */
export class InputError extends DomainError {
  constructor(path: string, message: string, code: 'invalid_request' | 'not_found' | 'conflict' = 'invalid_request') {
    super(code, message, path);
  }
}

export class NotFoundError extends DomainError {
  constructor(field: string, message: string) {
    super('not_found', message, field);
  }
}

export class ConflictError extends DomainError {
  constructor(field: string, message: string) {
    super('conflict', message, field);
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  constructor(field: string, message: string) {
    super('forbidden', message, field);
  }
}

/** The caller did not prove who they are (missing/bad signature, key or session). */
export class UnauthenticatedError extends DomainError {
  constructor(field: string, message: string) {
    super('unauthorized', message, field);
  }
}

export class TooLargeError extends DomainError {
  constructor(field: string, message: string) {
    super('payload_too_large', message, field);
  }
}

/** Schema failures: every issue names its field (`prefix` lets a batch say `events[3].`). */
export class InvalidInputError extends DomainError {
  constructor(issues: ApiIssue[]) {
    super('invalid_request', `invalid ${issues.map((i) => i.path).join(', ')}`, issues);
  }
}

/** zod-parses a value crossing into the domain; failure is an InvalidInputError naming the fields. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new InvalidInputError(zodIssuesToApi(r.error.issues, prefix));
}

/** `message (path: issue; …)` for logs, dead letters and import rejects. */
export function describeIssues(message: string, issues: readonly ApiIssue[]): string {
  const detail = issues.filter((i) => i.message !== message).map((i) => `${i.path}: ${i.message}`);
  return detail.length ? `${message} (${detail.join('; ')})` : message;
}

/** What a failure means to the sender, without a transport: a domain error as is, a schema failure as invalid, anything else internal. */
export function failureOf(err: unknown): { code: ErrorCode; message: string; issues: ApiIssue[] } {
  if (err instanceof DomainError) return { code: err.code, message: err.message, issues: err.issues };
  if (err instanceof z.ZodError) return { code: 'invalid_request', message: 'invalid request', issues: zodIssuesToApi(err.issues) };
  return { code: 'internal', message: 'internal error', issues: [] };
}
