import type { z } from 'zod';
import { HubError, hubErrorFromBody } from './hub-error.js';

/*
 * The one small fetch core every feature's api module sits on. Every JSON response is zod-parsed: the hub
 * is a trust boundary for the renderer too, and a shape mismatch must fail loudly here, not deep in a component.
 */

export type HubRequestInit = RequestInit & {
  /** False for the login call: no bearer token, and a 401 there is a wrong password, not an expired session. */
  auth?: boolean;
};

export interface HubFetch {
  /** The hub's URL (no trailing slash); the socket connects there too. */
  readonly baseUrl: string;
  /** GET/POST `path` (starting with `/api/`), parse the JSON answer with `schema`. */
  json<S extends z.ZodType>(schema: S, path: string, init?: HubRequestInit): Promise<z.infer<S>>;
  /** The body as text (e.g. a CSV export); errors are parsed like JSON calls. */
  text(path: string, accept: string, init?: HubRequestInit): Promise<string>;
  /** The body as bytes (an email attachment); errors are parsed like JSON calls. */
  blob(path: string, accept: string, init?: HubRequestInit): Promise<Blob>;
}

export interface HubFetchOptions {
  baseUrl: string;
  getToken: () => string | null;
  /** Called when an authenticated call gets 401 (expired or revoked session). */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

/** A JSON request body with its content type. */
export function jsonBody(value: unknown): Pick<RequestInit, 'headers' | 'body'> {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** One path segment, escaped (ids come from URLs and the hub: never trusted to be path-safe). */
export const seg = (id: string): string => encodeURIComponent(id);

export function createHubFetch(opts: HubFetchOptions): HubFetch {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a));

  async function send(path: string, accept: string, init: HubRequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('accept', accept);
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
    if (!res.ok) {
      const e = hubErrorFromBody(res.status, await res.json().catch(() => undefined));
      if (e.status === 401 && auth) opts.onUnauthorized?.();
      throw e;
    }
    return res;
  }

  return {
    baseUrl: base,
    async json(schema, path, init = {}) {
      const res = await send(path, 'application/json', init);
      const body: unknown = await res.json().catch(() => undefined);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
        throw new HubError(res.status, 'invalid_response', `Unexpected response from the hub for ${path.split('?')[0]}`, issues);
      }
      return parsed.data;
    },
    async text(path, accept, init = {}) {
      return (await send(path, accept, init)).text();
    },
    async blob(path, accept, init = {}) {
      return (await send(path, accept, init)).blob();
    },
  };
}
