import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  LoginResponseSchema,
  TotpLoginRequestSchema,
  TotpLoginSetupRequestSchema,
  TotpSetupSchema,
  type LoginResponse,
  type TotpSetup,
} from '../../../shared/index.js';
import { auditServiceOf } from '../../audit/module.js';
import { LoginThrottledError } from '../../auth/login-throttle.js';
import type { TotpService } from '../../auth/totp-service.js';
import type { Domain } from '../../domain.js';
import { DomainError } from '../../errors.js';
import { parseOr400 } from '../errors.js';
import { edgeAccess, errorResponses, jsonSchema } from '../openapi.js';

/*
 * The second sign-in step (no session yet: an edge route, like login). The challenge from
 * `POST /api/v1/auth/login` proves the password; the code proves the authenticator app.
 */

const clientOf = (req: FastifyRequest) => {
  const userAgent = req.headers['user-agent'];
  return { address: req.ip, ...(typeof userAgent === 'string' ? { userAgent } : {}) };
};

export function totpLoginRoutes(app: FastifyInstance, domain: Domain): void {
  const totp = (domain.features.get('totp') as { totp?: TotpService } | undefined)?.totp;
  if (!totp) return;
  const audit = auditServiceOf(domain);

  app.post(
    '/api/v1/auth/login/totp',
    {
      schema: {
        ...edgeAccess('public'),
        tags: ['auth'],
        summary: 'Second sign-in step: the challenge from login + a current code from the authenticator app -> a session (a code is good once; throttled like passwords)',
        body: jsonSchema(TotpLoginRequestSchema, 'input'),
        response: { 200: jsonSchema(LoginResponseSchema), ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (req): Promise<LoginResponse> => {
      const { challenge, code } = parseOr400(TotpLoginRequestSchema, req.body);
      const client = clientOf(req);
      try {
        const session = await totp.completeLogin(challenge, code, client);
        await audit?.recordLogin({ email: session.user.email, user: session.user, ...client });
        return session;
      } catch (err) {
        const refused = err instanceof LoginThrottledError ? 'throttled' : err instanceof DomainError && err.code === 'unauthorized' ? 'bad_credentials' : null;
        const email = refused ? await totp.emailOfChallenge(challenge) : null;
        if (refused && email) await audit?.recordLogin({ email, user: null, refusal: refused, ...client });
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/auth/login/totp/setup',
    {
      schema: {
        ...edgeAccess('public'),
        tags: ['auth'],
        summary: 'Set up an authenticator app while signing in (only for a totp-enroll challenge: the hub requires two-step sign-in for this role)',
        body: jsonSchema(TotpLoginSetupRequestSchema, 'input'),
        response: { 200: jsonSchema(TotpSetupSchema), ...errorResponses(400, 401, 409) },
      },
    },
    async (req): Promise<TotpSetup> => {
      const { challenge } = parseOr400(TotpLoginSetupRequestSchema, req.body);
      return totp.loginSetup(challenge);
    },
  );
}
