import type { Actor } from '../../shared/index.js';
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { microsToIso, unstorableTextReason, type ConnectorStatus, type DeadLetter, type DeadLetterListQuery, type TimelineItem } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import { EVENT_COLUMNS, toTimelineItem } from '../customers/rows.js';
import type { ConnectorStore, NewDeadLetter } from '../domain.js';
import { nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { Db, DeadLettersTable } from '../storage/schema.js';
import { DeadLetterBudget, type DeadLetterBudgetLimits } from './budget.js';

/** Base64 characters of a body included in list answers (16 KiB, a multiple of 4). */
const LIST_BODY_CHARS = 16_384;

/** Longest reason / error text kept (a parser can produce very long messages). */
const MAX_REASON = 2000;

/** SQL-backed ConnectorStore: dead letters, per-connector delivery counters, item lookups. */
export class SqlConnectorStore implements ConnectorStore {
  private readonly budget: DeadLetterBudget;
  private readonly seeding = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    budget?: DeadLetterBudgetLimits,
  ) {
    this.budget = new DeadLetterBudget(budget);
  }

  async recordDeadLetter(actor: Actor, input: NewDeadLetter): Promise<DeadLetter> {
    let d = input;
    if (d.unauthenticated && !(await this.admitBody(d.connector, d.body.length))) {
      // Over budget: keep who sent what and why, never the bytes (an unsigned flood must not fill the disk).
      const sha256 = createHash('sha256').update(d.body).digest('hex');
      d = {
        ...d,
        reason: `${d.reason} [body not kept: over the budget for unauthenticated dead letters, ${this.budget.describe()}]`,
        headers: { ...d.headers, 'x-omni-body-omitted': 'unauthenticated dead-letter budget exceeded', 'x-omni-body-sha256': sha256 },
        body: Buffer.alloc(0),
      };
      return this.insertDeadLetter(d, input.body.length);
    }
    return this.insertDeadLetter(d, d.body.length);
  }

  /** Budget check for an unauthenticated body; the connector's counters are seeded from the table once. */
  private async admitBody(connector: string, bytes: number): Promise<boolean> {
    if (!this.budget.has(connector)) {
      let seeding = this.seeding.get(connector);
      if (!seeding) {
        seeding = this.seedBudget(connector);
        this.seeding.set(connector, seeding);
      }
      await seeding;
    }
    return this.budget.admit(connector, bytes, Date.now());
  }

  private async seedBudget(connector: string): Promise<void> {
    const since = nowMicros() - 3_600_000_000;
    const kept = this.db.selectFrom('dead_letters').where('connector', '=', connector).where('body', '<>', '');
    const recent = await kept.select('received_at_us').where('received_at_us', '>', since).execute();
    const total = await kept.select((eb) => eb.fn.sum<number | string | null>('body_bytes').as('bytes')).executeTakeFirst();
    if (!this.budget.has(connector)) this.budget.seed(connector, recent.map((r) => Math.floor(Number(r.received_at_us) / 1000)), Number(total?.bytes ?? 0));
  }

  /** `bodyBytes` is the size the sender delivered, also when the body itself was not kept. */
  private async insertDeadLetter(d: NewDeadLetter, bodyBytes: number): Promise<DeadLetter> {
    const row: Selectable<DeadLettersTable> = {
      id: `dlq_${ulid()}`,
      connector: d.connector,
      status: 'open',
      http_status: d.httpStatus,
      reason: columnText(d.reason, MAX_REASON),
      headers: JSON.stringify(d.headers),
      url: columnText(d.url),
      content_type: d.contentType === null ? null : columnText(d.contentType),
      body: d.body.toString('base64'),
      body_bytes: bodyBytes,
      received_at_us: nowMicros(),
      attempts: 0,
      last_attempt_at_us: null,
      resolved_at_us: null,
    };
    await this.db.insertInto('dead_letters').values(row).execute();
    return toDeadLetter(row);
  }

  async listDeadLetters(actor: Actor, q: DeadLetterListQuery): Promise<DeadLetter[]> {
    // Bodies can be megabytes: a list carries a prefix (whole base64 quads, so it still decodes).
    let query = this.db
      .selectFrom('dead_letters')
      .select(['id', 'connector', 'status', 'http_status', 'reason', 'headers', 'url', 'content_type', 'body_bytes', 'received_at_us', 'attempts', 'last_attempt_at_us', 'resolved_at_us'])
      .select(sql<string>`substr(body, 1, ${LIST_BODY_CHARS})`.as('body'))
      .select(sql<number>`length(body)`.as('body_chars'));
    if (q.status) query = query.where('status', '=', q.status);
    if (q.connector) query = query.where('connector', '=', q.connector);
    const rows = await query.orderBy('received_at_us', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(({ body_chars, ...r }) => ({ ...toDeadLetter(r), ...(Number(body_chars) > LIST_BODY_CHARS ? { bodyTruncated: true } : {}) }));
  }

  async getDeadLetter(actor: Actor, id: string): Promise<DeadLetter | null> {
    const row = await this.db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDeadLetter(row) : null;
  }

  async replayAttempted(actor: Actor, id: string, ok: boolean, reason?: string): Promise<DeadLetter | null> {
    const now = nowMicros();
    await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('dead_letters')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_attempt_at_us: now,
          ...(ok ? { status: 'resolved', resolved_at_us: now } : reason ? { reason: columnText(reason, MAX_REASON) } : {}),
        }))
        .where('id', '=', id)
        .returning('connector')
        .executeTakeFirst();
      // Who replayed which delivery and whether it went through (the error itself stays on the dead letter).
      if (row) await appendAudit(tx, { atUs: now, actor, action: 'dead_letter.replay', subject: { type: 'dead_letter', id }, payload: { connector: row.connector, outcome: ok ? 'resolved' : 'still failing' } });
    });
    return this.getDeadLetter(actor, id);
  }

  async delivered(actor: Actor, connector: string, ok: boolean, error?: string): Promise<void> {
    const now = nowMicros();
    const row = {
      connector,
      last_delivery_us: now,
      last_ok_us: ok ? now : null,
      last_error_us: ok ? null : now,
      last_error: ok ? null : columnText(error ?? 'error', MAX_REASON),
      ok_count: ok ? 1 : 0,
      error_count: ok ? 0 : 1,
    };
    await this.db
      .insertInto('connector_stats')
      .values(row)
      .onConflict((oc) =>
        oc.column('connector').doUpdateSet((eb) => ({
          last_delivery_us: now,
          ...(ok
            ? { last_ok_us: now, ok_count: eb('connector_stats.ok_count', '+', 1) }
            : { last_error_us: now, last_error: row.last_error, error_count: eb('connector_stats.error_count', '+', 1) }),
        })),
      )
      .execute();
  }

  async status(_actor: Actor): Promise<ConnectorStatus[]> {
    const stats = await this.db.selectFrom('connector_stats').selectAll().execute();
    const open = await this.db
      .selectFrom('dead_letters')
      .select(['connector', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', '=', 'open')
      .groupBy('connector')
      .execute();
    const openBy = new Map(open.map((r) => [r.connector, Number(r.n)]));
    const names = new Set([...stats.map((s) => s.connector), ...openBy.keys()]);
    const iso = (us: number | null) => (us === null ? null : microsToIso(us));
    return [...names].sort().map((connector) => {
      const s = stats.find((x) => x.connector === connector);
      return {
        connector,
        lastDeliveryAt: iso(s?.last_delivery_us ?? null),
        lastOkAt: iso(s?.last_ok_us ?? null),
        lastErrorAt: iso(s?.last_error_us ?? null),
        lastError: s?.last_error ?? null,
        okCount: s?.ok_count ?? 0,
        errorCount: s?.error_count ?? 0,
        openDeadLetters: openBy.get(connector) ?? 0,
      };
    });
  }

  async findItem(actor: Actor, source: string, sourceEventId: string): Promise<TimelineItem | null> {
    // No stored item can have such an id (ingest refuses it), and PostgreSQL refuses NUL even as a parameter.
    if (unstorableTextReason(source) !== null || unstorableTextReason(sourceEventId) !== null) return null;
    const row = await this.db
      .selectFrom('events')
      .select([...EVENT_COLUMNS])
      .where('source', '=', source)
      .where('source_event_id', '=', sourceEventId)
      .executeTakeFirst();
    return row ? toTimelineItem(row) : null;
  }
}

/**
 * Reasons, URLs and content types quote what a sender sent: NUL and lone surrogates (which text
 * columns cannot hold exactly, PostgreSQL not at all) are written as visible `\uXXXX` escapes, so
 * the record is always kept, alike on both backends. Cut first: a pair split by the cut is escaped too.
 */
export function columnText(s: string, max = Number.POSITIVE_INFINITY): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  if (unstorableTextReason(cut) === null) return cut;
  return cut.replaceAll('\u0000', '\\u0000').replace(/\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

function toDeadLetter(r: Selectable<DeadLettersTable>): DeadLetter {
  return {
    id: r.id,
    connector: r.connector,
    status: r.status === 'resolved' ? 'resolved' : 'open',
    httpStatus: r.http_status,
    reason: r.reason,
    headers: safeHeaders(r.headers),
    url: r.url,
    contentType: r.content_type,
    bodyBase64: r.body,
    bodyBytes: r.body_bytes,
    receivedAt: microsToIso(r.received_at_us),
    attempts: r.attempts,
    lastAttemptAt: r.last_attempt_at_us === null ? null : microsToIso(r.last_attempt_at_us),
    resolvedAt: r.resolved_at_us === null ? null : microsToIso(r.resolved_at_us),
  };
}

function safeHeaders(text: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  } catch {
    // fall through
  }
  return {};
}
