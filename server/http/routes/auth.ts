import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordRequestSchema,
  LoginRequestSchema,
  LoginStepResponseSchema,
  SessionIdParamsSchema,
  SessionListResponseSchema,
  type LoginStepResponse,
  type SessionListResponse,
} from '../../../shared/index.js';
import { auditServiceOf } from '../../audit/module.js';
import { PasswordChangeRequiredError } from '../../auth/auth-service.js';
import { LoginThrottledError } from '../../auth/login-throttle.js';
import { SecondFactorRequiredError } from '../../auth/second-factor.js';
import type { AuthService, Domain } from '../../domain.js';
import { UnauthenticatedError } from '../../errors.js';
import { bearerToken } from '../auth.js';
import { HttpError, notFound, parseOr400, unauthorized } from '../errors.js';
import { edgeAccess, errorResponses, jsonSchema } from '../openapi.js';
import { totpLoginRoutes } from './totp-login.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireSession` on the session routes below. */
    authSession: { token: string; sessionId: string } | null;
  }
}

const NoContentSchema = z.null().describe('no content');

/**
 * Like requireUser, and keeps the session id and token: logout and the session list need them. A session
 * signed in with a one-time password may only log out and set its password (`duringPasswordChange`).
 */
function requireSession(auth: AuthService, opts: { duringPasswordChange?: boolean } = {}): onRequestHookHandler {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('authorization', 'missing Authorization: Bearer <session token>');
    const found = await auth.sessionForToken(token);
    if (!found) throw unauthorized('authorization', 'session token is invalid or expired');
    if (found.passwordChangeRequired && !opts.duringPasswordChange) throw new PasswordChangeRequiredError();
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
  const withAnySession = requireSession(auth, { duringPasswordChange: true });
  // Sign-ins (also refused ones, unknown accounts included) and sign-outs go to the audit trail.
  const audit = auditServiceOf(domain);
  // The second sign-in step (authenticator app codes).
  totpLoginRoutes(app, domain);

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        ...edgeAccess('public'),
        tags: ['auth'],
        summary: 'Exchange email + password for a session token, or for a challenge when two-step sign-in follows (POST /api/v1/auth/login/totp); throttled per account and per client address: 429 with Retry-After',
        body: jsonSchema(LoginRequestSchema, 'input'),
        response: { 200: jsonSchema(LoginStepResponseSchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (req, reply): Promise<LoginStepResponse> => {
      const { email, password } = parseOr400(LoginRequestSchema, req.body);
      const userAgent = req.headers['user-agent'];
      try {
        const session = await auth.login(email, password, { address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) });
        await audit?.recordLogin({ email, user: session?.user ?? null, address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) });
        // Same answer for an unknown email and a wrong password.
        if (!session) throw unauthorized('password', 'email or password is incorrect');
        return session;
      } catch (err) {
        // Right password, and a second step follows (server/auth/totp-service.ts): no session yet, the challenge instead.
        if (err instanceof SecondFactorRequiredError) return err.challenge;
        // A deactivated account (the right password): refused, and audited like any refusal.
        if (err instanceof UnauthenticatedError) await audit?.recordLogin({ email, user: null, refusal: 'deactivated', address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) });
        if (!(err instanceof LoginThrottledError)) throw err;
        await audit?.recordLogin({ email, user: null, refusal: 'throttled', address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) });
        // Keyed by the typed email, so an unknown account waits exactly like a real one.
        void reply.header('Retry-After', String(err.retryAfterSeconds));
        throw new HttpError(429, 'rate_limited', `too many failed logins: try again in ${err.retryAfterSeconds} s`, [{ path: 'email', message: 'too many failed logins' }]);
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      onRequest: withAnySession,
      schema: {
        tags: ['auth'],
        summary: "Ends the caller's session now: the token answers 401 and its sockets are disconnected",
        ...edgeAccess('self'),
        response: { 204: jsonSchema(NoContentSchema), ...errorResponses(401) },
      },
    },
    async (req, reply) => {
      const { token, user } = sessionOf(req);
      if ((await auth.logout(token)) && audit) await audit.recordLogout(user);
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
        ...edgeAccess('self'),
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
        ...edgeAccess('self'),
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

  // Works while a one-time password is in use: it is how that state ends.
  app.post(
    '/api/v1/auth/password',
    {
      onRequest: withAnySession,
      schema: {
        tags: ['auth'],
        summary: "Changes the caller's own password (the current one is required); the caller's other sessions end, this one lives on",
        ...edgeAccess('self'),
        body: jsonSchema(ChangePasswordRequestSchema, 'input'),
        response: { 204: jsonSchema(NoContentSchema), ...errorResponses(400, 401, 429) },
      },
    },
    async (req, reply) => {
      const { user, sessionId } = sessionOf(req);
      const { currentPassword, newPassword } = parseOr400(ChangePasswordRequestSchema, req.body ?? {});
      try {
        await auth.changePassword({ user, sessionId }, currentPassword, newPassword);
      } catch (err) {
        if (!(err instanceof LoginThrottledError)) throw err;
        void reply.header('Retry-After', String(err.retryAfterSeconds));
        throw new HttpError(429, 'rate_limited', `too many wrong passwords: try again in ${err.retryAfterSeconds} s`, [{ path: 'currentPassword', message: 'too many wrong passwords' }]);
      }
      return reply.code(204).send();
    },
  );
}
