import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERROR_STATUS, zodIssuesToApi, type ApiError, type ApiIssue, type ErrorCode } from '../../shared/index.js';
import { DomainError } from '../errors.js';
import { LoginThrottledError } from '../auth/login-throttle.js';

/** An error the edge means to send as-is: status + shared ApiError code + issues naming fields. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: ErrorCode,
    message: string,
    public readonly issues: ApiIssue[] = [],
  ) {
    super(message);
  }
}

export const unauthorized = (path: string, message = 'authentication required') => new HttpError(401, 'unauthorized', message, [{ path, message }]);
export const notFound = (path: string, message: string) => new HttpError(404, 'not_found', message, [{ path, message }]);

/** zod-parses a trust-boundary value; failure is a 400 whose issues name the fields (`prefix` e.g. `events`). */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.infer<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = zodIssuesToApi(r.error.issues, prefix);
  throw new HttpError(400, 'invalid_request', `invalid ${issues.map((i) => i.path).join(', ')}`, issues);
}

export function apiError(code: ErrorCode, message: string, issues: ApiIssue[] = []): ApiError {
  return { error: { code, message, issues } };
}

const FASTIFY_CODES: Record<string, { status: number; code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json', message: 'request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_json', message: 'request body is empty but content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type', message: 'unsupported content-type: send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'request body size did not match content-length' },
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};


/** Maps anything thrown to [status, body]. Unexpected errors become a bare 500 `internal` (no stack, no message leak). */
export function toApiError(err: unknown): [number, ApiError] {
  if (err instanceof HttpError) return [err.statusCode, apiError(err.code, err.message, err.issues)];
  // Too many failed logins or codes (server/auth), from any route: the error handler adds Retry-After.
  if (err instanceof LoginThrottledError) {
    const message = `too many failed attempts: try again in ${err.retryAfterSeconds} s`;
    return [429, apiError('rate_limited', message, [{ path: err.field, message }])];
  }
  // Only here does a domain error become a status (the table is the API contract in shared/errors.ts).
  if (err instanceof DomainError) return [ERROR_STATUS[err.code], apiError(err.code, err.message, err.issues)];
  if (err instanceof z.ZodError) {
    const issues = zodIssuesToApi(err.issues);
    return [400, apiError('invalid_request', 'invalid request', issues)];
  }
  const fe = err as Partial<FastifyError> | null;
  const known = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) return [known.status, apiError(known.code, known.message, [{ path: '(body)', message: known.message }])];
  // Other Fastify/plugin client errors (bad header, static file path, …) keep their 4xx status.
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code = STATUS_CODES[status] ?? 'invalid_request';
    return [status, apiError(code, typeof fe?.message === 'string' ? fe.message : code)];
  }
  return [500, apiError('internal', 'internal error')];
}

/** The one error handler + the 404 for unknown routes: every error body is the shared ApiError shape. */
export function installErrorHandling(app: FastifyInstance, notFoundFallback?: (req: FastifyRequest, reply: FastifyReply) => Promise<boolean>): void {
  app.setErrorHandler((err, req, reply) => {
    const [status, body] = toApiError(err);
    if (err instanceof LoginThrottledError) void reply.header('Retry-After', String(err.retryAfterSeconds));
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    else req.log.debug({ code: body.error.code, issues: body.error.issues }, 'client error');
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler(async (req, reply) => {
    if (notFoundFallback && (await notFoundFallback(req, reply))) return reply;
    const path = req.url.split('?')[0] ?? req.url;
    return reply.code(404).send(apiError('not_found', `no route ${req.method} ${path}`, [{ path: 'url', message: `no route ${req.method} ${path}` }]));
  });
}
