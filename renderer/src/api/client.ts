import type { z } from 'zod';
import {
  ActionExecuteResponseSchema,
  ActionFeedbackResponseSchema,
  ActionListResponseSchema,
  type ActionExecuteResponse,
  type ActionFeedbackRequest,
  type ActionFeedbackResponse,
  type RecommendedAction,
  CustomerProfileSchema,
  CustomerSearchResponseSchema,
  AuditResponseSchema,
  DuplicatesResponseSchema,
  MergeResponseSchema,
  UndoMergeResponseSchema,
  type AuditEntry,
  type DuplicateSuggestion,
  type MergeResponse,
  type UndoMergeResponse,
  LoginResponseSchema,
  TimelinePageSchema,
  ValueReportSchema,
  type ValueExportPart,
  type ValueReport,
  type Channel,
  type CustomerProfile,
  type CustomerSummary,
  type LoginRequest,
  type LoginResponse,
  type TimelinePage,
} from '../../../shared/index.js';
import {
  ConnectorStatusListSchema,
  DeadLetterListSchema,
  ReplayResponseSchema,
  type ConnectorStatus,
  type DeadLetter,
  type DeadLetterStatus,
  type ReplayResponse,
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
  /** Connectors (issue 3, admin): delivery status, dead letters, replay. */
  getConnectorStatus(signal?: AbortSignal): Promise<ConnectorStatus[]>;
  listDeadLetters(query?: { status?: DeadLetterStatus; connector?: string; limit?: number }, signal?: AbortSignal): Promise<DeadLetter[]>;
  replayDeadLetter(id: string): Promise<ReplayResponse>;
  login(req: LoginRequest): Promise<LoginResponse>;
  searchCustomers(q: string, limit?: number, signal?: AbortSignal): Promise<CustomerSummary[]>;
  getProfile(id: string, signal?: AbortSignal): Promise<CustomerProfile>;
  getTimeline(id: string, params?: TimelineParams, signal?: AbortSignal): Promise<TimelinePage>;
  /** Identity (issue 4): probable duplicates with evidence, manual merge, exact undo. */
  getDuplicates(id: string, signal?: AbortSignal): Promise<DuplicateSuggestion[]>;
  mergeCustomers(id: string, otherId: string, reason?: string): Promise<MergeResponse>;
  undoMerge(mergeId: string, reason?: string): Promise<UndoMergeResponse>;
  getAudit(id: string, signal?: AbortSignal): Promise<AuditEntry[]>;
  /** Next actions (issue 5): ranked list, feedback, execute. */
  getActions(id: string, signal?: AbortSignal): Promise<RecommendedAction[]>;
  sendActionFeedback(actionId: string, feedback: ActionFeedbackRequest): Promise<ActionFeedbackResponse>;
  executeAction(actionId: string): Promise<ActionExecuteResponse>;
  /** Customer value (issue 14, leads): cohort report and one part of it as CSV text. */
  getValueReport(query: { months?: number; atRiskLimit?: number }, signal?: AbortSignal): Promise<ValueReport>;
  getValueCsv(part: ValueExportPart, query?: { months?: number; atRiskLimit?: number }): Promise<string>;
}

export interface ApiClientOptions {
  baseUrl: string;
  getToken: () => string | null;
  /** Called when an authenticated call gets 401 (expired or revoked session). */
  onUnauthorized?: () => void;
  fetchImpl?: typeof fetch;
}

function valueQs(q: { months?: number; atRiskLimit?: number }): URLSearchParams {
  const qs = new URLSearchParams();
  if (q.months !== undefined) qs.set('months', String(q.months));
  if (q.atRiskLimit !== undefined) qs.set('atRiskLimit', String(q.atRiskLimit));
  return qs;
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
    getConnectorStatus: async (signal) => (await call(ConnectorStatusListSchema, '/api/v1/connectors', { signal })).connectors,
    listDeadLetters: async (query = {}, signal) => {
      const qs = new URLSearchParams();
      if (query.status) qs.set('status', query.status);
      if (query.connector) qs.set('connector', query.connector);
      qs.set('limit', String(query.limit ?? 100));
      return (await call(DeadLetterListSchema, `/api/v1/dead-letters?${qs}`, { signal })).deadLetters;
    },
    replayDeadLetter: (id) => call(ReplayResponseSchema, `/api/v1/dead-letters/${encodeURIComponent(id)}/replay`, { method: 'POST' }),
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
    getDuplicates: async (id, signal) => (await call(DuplicatesResponseSchema, `/api/v1/customers/${encodeURIComponent(id)}/duplicates`, { signal })).suggestions,
    mergeCustomers: (id, otherId, reason) =>
      call(MergeResponseSchema, `/api/v1/customers/${encodeURIComponent(id)}/merge`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reason ? { otherId, reason } : { otherId }),
      }),
    getAudit: async (id, signal) => (await call(AuditResponseSchema, `/api/v1/customers/${encodeURIComponent(id)}/audit`, { signal })).entries,
    undoMerge: (mergeId, reason) =>
      call(UndoMergeResponseSchema, `/api/v1/merges/${encodeURIComponent(mergeId)}/undo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(reason ? { reason } : {}),
      }),
    getActions: async (id, signal) => (await call(ActionListResponseSchema, `/api/v1/customers/${encodeURIComponent(id)}/actions`, { signal })).actions,
    sendActionFeedback: (actionId, feedback) =>
      call(ActionFeedbackResponseSchema, `/api/v1/actions/${encodeURIComponent(actionId)}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(feedback),
      }),
    executeAction: (actionId) => call(ActionExecuteResponseSchema, `/api/v1/actions/${encodeURIComponent(actionId)}/execute`, { method: 'POST' }),
    getValueReport: (query, signal) => call(ValueReportSchema, `/api/v1/value/report?${valueQs(query)}`, { signal }),
    getValueCsv: async (part, query = {}) => {
      const headers = new Headers({ accept: 'text/csv' });
      const token = opts.getToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
      const res = await doFetch(`${base}/api/v1/value/export.csv?${valueQs(query)}&part=${encodeURIComponent(part)}`, { headers });
      if (!res.ok) throw hubErrorFromBody(res.status, await res.json().catch(() => undefined));
      return res.text();
    },
  };
}
