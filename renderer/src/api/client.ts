import type { z } from 'zod';
import {
  CustomerProfileSchema,
  CustomerSearchResponseSchema,
  LoginResponseSchema,
  TimelinePageSchema,
  type Channel,
  type CustomerProfile,
  type CustomerSummary,
  type LoginRequest,
  type LoginResponse,
  type TimelinePage,
} from '../../../shared/index.js';
import { HubError, hubErrorFromBody } from './hub-error.js';

/*
 * The only code that talks HTTP to the hub. Every response is zod-parsed: the hub is a trust
 * boundary for the renderer too, and a shape mismatch must fail loudly here, not deep in a component.
 */

export interface TimelineParams {
  before?: string | null;
  channels?: readonly Channel[];
  limit?: number;
}

export interface ApiClient {
  login(req: LoginRequest): Promise<LoginResponse>;
  searchCustomers(q: string, limit?: number, signal?: AbortSignal): Promise<CustomerSummary[]>;
  getProfile(id: string, signal?: AbortSignal): Promise<CustomerProfile>;
  getTimeline(id: string, params?: TimelineParams, signal?: AbortSignal): Promise<TimelinePage>;
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => string | null;
  /** Called when an authenticated call gets 401 (expired or revoked session). */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));

  async function call<S extends z.ZodType>(schema: S, path: string, init: RequestInit & { auth?: boolean } = {}): Promise<z.infer<S>> {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    const auth = init.auth !== false;
    if (auth) {
      const token = opts.getToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
    }
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, { ...init, headers });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new HubError(0, 'network', 'Cannot reach the hub. Check your connection.');
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const e = hubErrorFromBody(res.status, body);
      if (e.status === 401 && auth) opts.onUnauthorized?.();
      throw e;
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new HubError(res.status, 'invalid_response', `Unexpected response from the hub for ${path.split('?')[0]}`, parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })));
    }
    return parsed.data;
  }

  return {
    login: (req) =>
      call(LoginResponseSchema, '/api/v1/auth/login', {
        method: 'POST',
        auth: false,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(req),
      }),
    searchCustomers: async (q, limit = 20, signal) => {
      const qs = new URLSearchParams({ q, limit: String(limit) });
      return (await call(CustomerSearchResponseSchema, `/api/v1/customers?${qs}`, { signal })).customers;
    },
    getProfile: (id, signal) => call(CustomerProfileSchema, `/api/v1/customers/${encodeURIComponent(id)}`, { signal }),
    getTimeline: (id, params = {}, signal) => {
      const qs = new URLSearchParams();
      qs.set('limit', String(params.limit ?? 100));
      if (params.before) qs.set('before', params.before);
      if (params.channels && params.channels.length > 0) qs.set('channel', params.channels.join(','));
      return call(TimelinePageSchema, `/api/v1/customers/${encodeURIComponent(id)}/timeline?${qs}`, { signal });
    },
  };
}
