/*
 * Sample requests for the authorization matrix (server/http/authorization-matrix.test.ts): one per
 * route of the OpenAPI document and one per client -> hub socket event. A sample only has to get past
 * the permission check: with a valid session an allowed role may answer 400, 404 or 409 (unknown ids
 * are fine), never 401/403 or a 5xx. Adding a route? Add its line here, or the matrix fails naming it.
 * Not imported by production code.
 */
import type { ClientEventName } from '../../shared/index.js';
import { TEST_ADMIN } from '../testing/fixtures.js';

/** What a sample may use: a customer that exists, and ids nobody has. */
export interface MatrixFixture {
  customerId: string;
  unknownId: string;
}

export interface RouteSample {
  /** Path parameters by name (`:id` -> `{ id }`). */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body (or a string with `contentType`). */
  body?: unknown;
  contentType?: string;
  /** The call ends or changes the caller's session (logout): it is made with a session of its own. */
  freshSession?: true;
}
export type Sample = RouteSample | ((f: MatrixFixture) => RouteSample);

const id = (f: MatrixFixture) => ({ params: { id: f.unknownId } });
const customer = (f: MatrixFixture) => ({ params: { id: f.customerId } });

/** Keyed `METHOD /path/:param` as Fastify declares it. */
export const ROUTE_SAMPLES: Readonly<Record<string, Sample>> = {
  // Edge: no session needed (public), the ingest key, or a body signature.
  'GET /healthz': {},
  'POST /api/v1/auth/login': { body: TEST_ADMIN },
  'POST /api/v1/auth/login/totp': { body: {} },
  'POST /api/v1/auth/login/totp/setup': { body: {} },
  'POST /api/v1/events': { body: {} },
  'POST /api/v1/connectors/shopify': { body: '{}', contentType: 'application/json' },
  'POST /api/v1/connectors/twilio/voice': { body: 'CallSid=CA1', contentType: 'application/x-www-form-urlencoded' },
  'POST /api/v1/connectors/twilio/messaging': { body: 'MessageSid=SM1', contentType: 'application/x-www-form-urlencoded' },
  'POST /api/v1/connectors/email': { body: 'Subject: matrix\r\n\r\nhello', contentType: 'message/rfc822' },
  'POST /api/v1/connectors/sendgrid': { body: '', contentType: 'multipart/form-data; boundary=x' },
  'POST /api/v1/connectors/chat': { body: '{}', contentType: 'application/json' },
  'POST /api/v1/connectors/pos': { body: '{}', contentType: 'application/json' },

  // The caller's own session and password.
  'POST /api/v1/auth/logout': { freshSession: true },
  'GET /api/v1/auth/sessions': {},
  'DELETE /api/v1/auth/sessions/:id': id,
  'POST /api/v1/auth/password': { body: {} },
  'GET /api/v1/auth/totp': {},
  'POST /api/v1/auth/totp/setup': { body: {} },
  'POST /api/v1/auth/totp/enable': { body: {} },
  'POST /api/v1/auth/totp/disable': { body: {} },

  // Users and teams.
  'GET /api/v1/users': {},
  'GET /api/v1/users/:id': id,
  'POST /api/v1/users': { body: {} },
  'PATCH /api/v1/users/:id': (f) => ({ params: { id: f.unknownId }, body: { name: 'Nobody' } }),
  'POST /api/v1/users/:id/password-reset': id,
  'GET /api/v1/users/:id/sessions': id,
  'POST /api/v1/users/:id/sign-out': id,
  'GET /api/v1/teams': {},
  'GET /api/v1/teams/:id': id,
  'POST /api/v1/teams': { body: {} },
  'PATCH /api/v1/teams/:id': (f) => ({ params: { id: f.unknownId }, body: { name: 'Nobody' } }),
  'POST /api/v1/teams/:id/members': (f) => ({ params: { id: f.unknownId }, body: { userId: f.unknownId } }),
  'DELETE /api/v1/teams/:id/members/:userId': (f) => ({ params: { id: f.unknownId, userId: f.unknownId } }),

  // Audit.
  'GET /api/v1/audit': {},
  'GET /api/v1/audit/verify': {},
  'GET /api/v1/customers/:id/viewers': customer,

  // Customers, PII, identity.
  'GET /api/v1/customers': { query: { q: 'matrix' } },
  'GET /api/v1/customers/lookup': { query: { q: 'LOY-100042' } },
  'GET /api/v1/customers/:id': customer,
  'GET /api/v1/customers/:id/timeline': customer,
  'POST /api/v1/customers/:id/reveal': (f) => ({ params: { id: f.customerId }, body: { reason: 'customer at the counter asked' } }),
  'GET /api/v1/customers/:id/duplicates': customer,
  'POST /api/v1/customers/:id/merge': (f) => ({ params: { id: f.customerId }, body: { otherId: f.unknownId } }),
  'GET /api/v1/customers/:id/audit': customer,
  'POST /api/v1/merges/:mergeId/undo': (f) => ({ params: { mergeId: f.unknownId }, body: {} }),

  // Value (leads).
  'GET /api/v1/value/report': {},
  'GET /api/v1/value/export.csv': { query: { part: 'cohorts' } },
  'POST /api/v1/value/fit': {},

  // Next actions.
  'GET /api/v1/customers/:id/actions': customer,
  'POST /api/v1/actions/:id/feedback': (f) => ({ params: { id: f.unknownId }, body: { outcome: 'dismissed' } }),
  'POST /api/v1/actions/:id/execute': id,

  // Connectors (admins).
  'GET /api/v1/dead-letters': {},
  'GET /api/v1/dead-letters/:id': id,
  'POST /api/v1/dead-letters/:id/replay': id,
  'GET /api/v1/connectors': {},

  // Privacy.
  'GET /api/v1/customers/:id/export': id,
  'POST /api/v1/customers/:id/erase': (f) => ({ params: { id: f.unknownId }, body: { reason: 'matrix' } }),
  'GET /api/v1/customers/:id/consent': customer,
  'GET /api/v1/privacy/requests': {},
  'GET /api/v1/counter/settings': {},
  'GET /api/v1/counter/customers/:id': customer,
  'POST /api/v1/counter/customers/:id/visit': (f) => ({ params: { id: f.unknownId }, body: { action: 'end' } }),
  'POST /api/v1/counter/customers/:id/notes': (f) => ({ params: { id: f.unknownId }, body: { text: 'matrix' } }),
  'POST /api/v1/counter/customers': { body: {} },
  'GET /api/v1/emails/:eventId/attachments/:sha256': (f) => ({ params: { eventId: f.unknownId, sha256: 'a'.repeat(64) } }),

  // Conversations.
  'GET /api/v1/customers/:id/activity': customer,
  'POST /api/v1/customers/:id/activity': (f) => ({ params: { id: f.customerId }, body: { kind: 'viewing' } }),
  'GET /api/v1/activity': (f) => ({ query: { customerIds: f.customerId } }),
  'GET /api/v1/conversations': {},
  'GET /api/v1/conversations/counts': {},
  'POST /api/v1/conversations': { body: {} },
  'POST /api/v1/conversations/bulk': { body: {} },
  'GET /api/v1/conversations/:id': id,
  'PATCH /api/v1/conversations/:id': (f) => ({ params: { id: f.unknownId }, body: {} }),
  // Canned responses and macros (server/macros).
  'GET /api/v1/macros': {},
  'POST /api/v1/macros': { body: { name: 'Matrix macro', body: 'Hi {{customer.firstName}}' } },
  'PUT /api/v1/macros/:id': (f) => ({ params: { id: f.unknownId }, body: { name: 'Matrix macro', body: 'Hi' } }),
  'DELETE /api/v1/macros/:id': id,
  'POST /api/v1/macros/:id/render': (f) => ({ params: { id: f.unknownId }, body: { conversationId: f.unknownId } }),
  // Replies, notes, drafts and the outbox (server/outbound).
  'POST /api/v1/conversations/:id/replies': (f) => ({ params: { id: f.unknownId }, body: { idempotencyKey: 'matrix-key-1', text: 'hi' } }),
  'GET /api/v1/conversations/:id/replies': id,
  'POST /api/v1/conversations/:id/chat-replies': (f) => ({ params: { id: f.unknownId }, body: { idempotencyKey: 'matrix-key-1', text: 'hi' } }),
  'POST /api/v1/conversations/:id/chat-typing': (f) => ({ params: { id: f.unknownId }, body: { typing: true } }),
  'GET /api/v1/conversations/:id/chat-messages': id,
  'GET /widget/chat.js': {},
  'GET /widget/demo': {},
  'POST /api/v1/outbox/:id/retry': id,
  'POST /api/v1/conversations/:id/notes': (f) => ({ params: { id: f.unknownId }, body: { idempotencyKey: 'matrix-key-1', text: 'hi' } }),
  'GET /api/v1/conversations/:id/notes': id,
  // Logged calls (server/call-logs).
  'POST /api/v1/conversations/:id/call-logs': (f) => ({ params: { id: f.unknownId }, body: { idempotencyKey: 'matrix-key-1', outcome: 'reached' } }),
  'GET /api/v1/conversations/:id/call-logs': id,
  'PUT /api/v1/conversations/:id/drafts/:mode': (f) => ({ params: { id: f.unknownId, mode: 'reply' }, body: { text: 'hi' } }),
  'GET /api/v1/conversations/:id/drafts/:mode': (f) => ({ params: { id: f.unknownId, mode: 'reply' } }),
  'DELETE /api/v1/conversations/:id/drafts/:mode': (f) => ({ params: { id: f.unknownId, mode: 'reply' } }),
  // Presence (the caller's own) and routing (server/presence, server/routing).
  'GET /api/v1/presence': {},
  'PUT /api/v1/presence': { body: { state: 'away' } },
  'GET /api/v1/routing/offers': {},
  'POST /api/v1/routing/offers/:id/accept': id,
  'POST /api/v1/routing/offers/:id/decline': id,
  'POST /api/v1/routing/next': {},
  'GET /api/v1/routing/conversations/:id/history': id,
  'GET /api/v1/routing/queues/:id': id,
  'PUT /api/v1/routing/queues/:id': (f) => ({ params: { id: f.unknownId }, body: { units: { chat: 50 } } }),
  // SLA per queue (server/sla).
  'GET /api/v1/queues/:id/sla': id,
  'PUT /api/v1/queues/:id/sla': (f) => ({ params: { id: f.unknownId }, body: {} }),
  'POST /api/v1/queues/:id/holidays/import': (f) => ({ params: { id: f.unknownId }, body: {} }),
  // Team-lead floor (server/metrics): dashboard.view.
  'GET /api/v1/metrics/live': { query: { window: '1h' } },
  'GET /api/v1/metrics/intervals': {},
  'GET /api/v1/metrics/intervals.csv': {},
  'GET /api/v1/metrics/staffing': {},
  'GET /api/v1/metrics/agents': {},
  'PUT /api/v1/metrics/agents/:userId/state': (f) => ({ params: { userId: f.unknownId }, body: { state: 'away' } }),
  'GET /api/v1/metrics/drilldown': { query: { metric: 'offered' } },
  'GET /api/v1/metrics/drilldown.csv': { query: { metric: 'waiting' } },
  'GET /api/v1/metrics/settings': {},
  'PUT /api/v1/metrics/settings': { body: {} },
};

/** Client -> hub socket events: the payload sent by every role. */
export const SOCKET_SAMPLES: Readonly<Record<ClientEventName, (f: MatrixFixture) => unknown>> = {
  'customer:watch': (f) => ({ customerId: f.customerId }),
  'customer:unwatch': (f) => ({ customerId: f.customerId }),
  'presence:set': () => ({ state: 'away' }),
  'presence:heartbeat': () => ({}),
  'routing:accept': (f) => ({ offerId: f.unknownId }),
  'routing:decline': (f) => ({ offerId: f.unknownId }),
};
