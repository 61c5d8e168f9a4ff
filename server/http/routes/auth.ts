import type { FastifyInstance } from 'fastify';
import { LoginRequestSchema, LoginResponseSchema, type LoginResponse } from '../../../shared/index.js';
import type { Domain } from '../../domain.js';
import { parseOr400, unauthorized } from '../errors.js';
import { errorResponses, jsonSchema } from '../openapi.js';

export function authRoutes(app: FastifyInstance, domain: Domain): void {
  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Exchange email + password for a session token',
        body: jsonSchema(LoginRequestSchema, 'input'),
        response: { 200: jsonSchema(LoginResponseSchema), ...errorResponses(400, 401) },
      },
    },
    async (req): Promise<LoginResponse> => {
      const { email, password } = parseOr400(LoginRequestSchema, req.body);
      const session = await domain.auth.login(email, password);
      // Same answer for an unknown email and a wrong password.
      if (!session) throw unauthorized('password', 'email or password is incorrect');
      return session;
    },
  );
}
