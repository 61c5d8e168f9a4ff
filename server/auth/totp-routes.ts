import { z } from 'zod';
import { TotpCodeRequestSchema, TotpSetupSchema, TotpStatusSchema, type Actor, type User } from '../../shared/index.js';
import { UnauthenticatedError } from '../errors.js';
import { route, type RouteSpec } from '../route-spec.js';
import type { TotpService } from './totp-service.js';

/* The signed-in user's own two-step sign-in: status, set up, enable, disable ('self': only the caller's own). The login step is an edge route (server/http/routes/totp-login.ts). */

const NoBody = z.object({}).strict();

function userOf(actor: Actor): User {
  if (actor.kind !== 'user' || !actor.email || actor.name === undefined) throw new UnauthenticatedError('authorization', 'only a signed-in person has two-step sign-in');
  return { id: actor.userId, email: actor.email, name: actor.name, role: actor.role };
}

export function totpRoutes(totp: TotpService): readonly RouteSpec[] {
  return [
    route({
      method: 'GET',
      path: '/api/v1/auth/totp',
      tags: ['auth'],
      summary: "Whether the caller's two-step sign-in (authenticator app) is on, and whether this hub requires it for their role",
      access: 'self',
      response: TotpStatusSchema,
      errors: [],
      handler: ({ actor }) => {
        const user = userOf(actor);
        return totp.status({ userId: user.id, role: user.role });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/totp/setup',
      tags: ['auth'],
      summary: 'A new secret for an authenticator app (otpauth:// URI, QR code as SVG, the secret in groups); pending until enabled with a code',
      access: 'self',
      body: NoBody,
      response: TotpSetupSchema,
      errors: ['invalid_request', 'conflict'],
      handler: ({ actor }) => {
        const user = userOf(actor);
        return totp.setup({ userId: user.id, email: user.email });
      },
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/totp/enable',
      tags: ['auth'],
      summary: 'Turns two-step sign-in on with a current code from the app (wrong codes count toward the login throttle)',
      access: 'self',
      body: TotpCodeRequestSchema,
      response: TotpStatusSchema,
      errors: ['invalid_request', 'conflict', 'rate_limited'],
      handler: ({ actor, body }) => totp.enable(userOf(actor), body.code),
    }),
    route({
      method: 'POST',
      path: '/api/v1/auth/totp/disable',
      tags: ['auth'],
      summary: 'Turns two-step sign-in off with a current code (refused when the hub requires it for the role)',
      access: 'self',
      body: TotpCodeRequestSchema,
      response: TotpStatusSchema,
      errors: ['invalid_request', 'forbidden', 'conflict', 'rate_limited'],
      handler: ({ actor, body }) => totp.disable(userOf(actor), body.code),
    }),
  ];
}
