import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import {
  LoginRequestSchema,
  LoginResponseSchema,
  SessionIdParamsSchema,
  SessionListResponseSchema,
  type LoginResponse,
  type SessionListResponse,
} from '../../../shared/index.js';
import { LoginThrottledError } from '../../auth/login-throttle.js';
import type { AuthService, Domain } from '../../domain.js';
import { bearerToken } from '../auth.js';
import { HttpError, notFound, parseOr400, unauthorized } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession` on the session routes below. */
    authSession: { token: string; sessionId: string } | null;
  }
}

const NoContentSchema = z.null().describe('no content');

/** Like requireUser, and keeps the session id and token: logout and the session list need them. */
function requireSession(auth: AuthService): onRequestHookHandler {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('authorization', 'missing Authorization: Bearer <session token>');
    const found = await auth.sessionForToken(token);
    if (!found) throw unauthorized('authorization', 'session token is invalid or expired');
    req.user = found.user;
    req.authSession = { token, sessionId: found.sessionId };
  };
}

function sessionOf(req: FastifyRequest) {
  if (!req.user || !req.authSession) throw unauthorized('authorization');
  return { user: req.user, ...req.authSession };
}

export function authRoutes(app: FastifyInstance, domain: Domain): void {
  app.decorateRequest('authSession', null);
  const auth = domain.auth;
  const withSession = requireSession(auth);

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange email + password for a session token (throttled per account and per client address: 429 with Retry-After)',
        body: jsonSchema(LoginRequestSchema, 'input'),
        response: { 200: jsonSchema(LoginResponseSchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (req, reply): Promise<LoginResponse> => {
      const { email, password } = parseOr400(LoginRequestSchema, req.body);
      const userAgent = req.headers['user-agent'];
      try {
        const session = await auth.login(email, password, { address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) });
        // Same answer for an unknown email and a wrong password.
        if (!session) throw unauthorized('password', 'email or password is incorrect');
        return session;
      } catch (err) {
        if (!(err instanceof LoginThrottledError)) throw err;
        // Keyed by the typed email, so an unknown account waits exactly like a real one.
        void reply.header('Retry-After', String(err.retryAfterSeconds));
        throw new HttpError(429, 'rate_limited', `too many failed logins: try again in ${err.retryAfterSeconds} s`, [{ path: 'email', message: 'too many failed logins' }]);
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: withSession,
      schema: {
        tags: ['auth'],
        summary: "Ends the caller's session now: the token answers 401 and its sockets are disconnected",
        security: [{ session: [] }],
        response: { 204: jsonSchema(NoContentSchema), ...errorResponses(401) },
      },
    },
    async (req, reply) => {
      await auth.logout(sessionOf(req).token);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      onRequest: withSession,
      schema: {
        tags: ['auth'],
        summary: "The caller's live sessions (when, last seen, user agent, client address); `current` is this one",
        security: [{ session: [] }],
        response: { 200: jsonSchema(SessionListResponseSchema), ...errorResponses(401) },
      },
    },
    async (req): Promise<SessionListResponse> => {
      const { user, sessionId } = sessionOf(req);
      return { sessions: await auth.listSessions(user.id, sessionId) };
    },
  );

  app.delete(
    '/api/v1/auth/sessions/:id',
    {
      onRequest: withSession,
      schema: {
        tags: ['auth'],
        summary: "Revokes one of the caller's sessions (an admin: anyone's); its sockets are disconnected",
        security: [{ session: [] }],
        params: jsonSchema(SessionIdParamsSchema, 'input'),
        response: { 204: jsonSchema(NoContentSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      const { user } = sessionOf(req);
      const { id } = parseOr400(SessionIdParamsSchema, req.params);
      if (!(await auth.revokeSession(user, id))) throw notFound('id', `no session ${id}`);
      return reply.code(204).send();
    },
  );
}
