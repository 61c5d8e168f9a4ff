import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Permission, User } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { HttpError, unauthorized } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireUser` on console routes. */
    user: User | null;
  }
}

/** `Authorization: Bearer <token>` → token, or null when absent/malformed. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const m = /^Bearer[ \t]+(\S{1,1024})[ \t]*$/i.exec(header);
  return m ? m[1]! : null;
}

// Both checks run in onRequest, before the body is read: an unauthenticated client cannot make us parse 5 MB.

/** Console routes: a session token from `POST /api/v1/auth/login`. */
export function requireUser(auth: AuthService): onRequestHookHandler {
  return async (req) => {
    const token = bearerToken(req);
    if (!token) throw unauthorized('authorization', 'missing Authorization: Bearer <session token>');
    const user = await auth.userForToken(token);
    if (!user) throw unauthorized('authorization', 'session token is invalid or expired');
    req.user = user;
  };
}

/** `POST /api/v1/events`: the ingest key, compared in constant time by the domain. */
export function requireIngestKey(auth: AuthService): onRequestHookHandler {
  return async (req) => {
    const key = bearerToken(req);
    if (!key) throw unauthorized('authorization', 'missing Authorization: Bearer <ingest key>');
    if (!auth.checkIngestKey(key)) throw unauthorized('authorization', 'ingest key is not valid');
  };
}

/** The 403 of a role without `permission`: names the permission (message and issue), says nothing about the data asked for. */
export function forbiddenFor(permission: Permission, why?: string): HttpError {
  const needs = `needs permission ${permission}`;
  return new HttpError(403, 'forbidden', why ? `${why} (${needs})` : `your role may not do this (${needs})`, [{ path: 'authorization', message: needs }]);
}
