import { ERROR_STATUS, IngestEventSchema, systemActor, type ConnectorName, type ConnectorResponse, type ConnectorResult } from '../../shared/index.js';
import type { IngestOutcome } from '../domain.js';
import { describeIssues, failureOf, parseInput } from '../errors.js';
import type { Connector, ConnectorContext, ConnectorRequest } from './types.js';

export interface DeliveryOptions {
  /** A replay of a stored dead letter: no new dead letter is recorded on failure. */
  replay?: boolean;
}

/**
 * Runs one delivery through its driver and ingest. Any failure is recorded as a dead letter
 * (reason, headers, raw body, and the status the edge will answer: the contract's ERROR_STATUS) and
 * rethrown as is (a domain error) for the edge to answer; counters feed the status page.
 */
export async function deliver(connector: Connector, req: ConnectorRequest, deps: Omit<ConnectorContext, 'actor'>, opts: DeliveryOptions = {}): Promise<ConnectorResponse> {
  const ctx: ConnectorContext = { ...deps, actor: systemActor(`connector:${connector.name}`) };
  const { domain } = ctx;
  try {
    const out = await connector.handle(req, ctx);
    if (out.events.length === 0 && out.held) {
      await count(ctx, connector.name, true);
      return { results: [], held: out.held };
    }
    if (out.events.length === 0 && out.handled) {
      await count(ctx, connector.name, true);
      return { results: [], handled: out.handled };
    }
    if (out.events.length === 0) {
      const reason = `ignored: ${out.ignored ?? 'nothing to ingest'}`;
      if (!opts.replay) await keep(ctx, connector.name, req, 202, reason, connector.redact);
      await count(ctx, connector.name, true);
      return { results: [], ignored: out.ignored ?? 'nothing to ingest' };
    }
    validate(out.events);
    const results = asResults(await domain.ingest.ingest(ctx.actor, out.events, out.merge ? { merge: out.merge } : {}));
    // After the commit (so a delivery held concurrently is either seen here or sees this commit); what
    // it ingests is answered too (every row a delivery writes shows in its results).
    await out.followUp?.(async (events) => {
      validate(events);
      if (events.length) results.push(...asResults(await domain.ingest.ingest(ctx.actor, events, out.merge ? { merge: out.merge } : {})));
    });
    await count(ctx, connector.name, true);
    return { results };
  } catch (err) {
    const failure = failureOf(err);
    const status = ERROR_STATUS[failure.code];
    const reason = status >= 500 ? `internal error: ${err instanceof Error ? err.message : String(err)}` : describeIssues(failure.message, failure.issues);
    if (!opts.replay) await keep(ctx, connector.name, req, status, reason, connector.redact, connector.verify ? !verifies(connector, req, ctx) : false);
    await count(ctx, connector.name, false, reason);
    throw err;
  }
}

function asResults(outcome: IngestOutcome): ConnectorResult[] {
  const updatedIds = new Set((outcome.updated ?? []).map((u) => u.id));
  return outcome.results.map((r) => ({ ...r, status: r.status === 'duplicate' && updatedIds.has(r.eventId) ? 'updated' : r.status }));
}

function validate(events: readonly unknown[]): void {
  events.forEach((e, i) => parseInput(IngestEventSchema, e, `events[${i}].`));
}

/** Records the dead letter; never lets bookkeeping failures change the answer to the sender. */
async function keep(ctx: ConnectorContext, connector: ConnectorName, req: ConnectorRequest, httpStatus: number, reason: string, redact?: (b: Buffer) => Buffer, unauthenticated = false): Promise<void> {
  try {
    await ctx.domain.connectors.recordDeadLetter(ctx.actor, {
      connector,
      httpStatus,
      reason,
      headers: redactHeaders(req.headers),
      url: redactUrl(req.url),
      contentType: req.contentType,
      body: redact ? redact(req.body) : req.body,
      ...(unauthenticated ? { unauthenticated } : {}),
    });
  } catch (err) {
    console.error(`omni: could not record dead letter for ${connector}:`, err);
  }
}

function verifies(connector: Connector, req: ConnectorRequest, ctx: ConnectorContext): boolean {
  try {
    return connector.verify!(req, ctx.settings);
  } catch {
    return false;
  }
}

async function count(ctx: ConnectorContext, connector: ConnectorName, ok: boolean, error?: string): Promise<void> {
  try {
    await ctx.domain.connectors.delivered(ctx.actor, connector, ok, error);
  } catch (err) {
    console.error(`omni: could not count delivery for ${connector}:`, err);
  }
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Headers minus credential values (the names stay, so the shape of the delivery is visible). */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, SECRET_HEADERS.has(k.toLowerCase()) ? '[redacted]' : v]));
}

/** Path + query without an ingest key passed as `?key=`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  if (!params.has('key')) return url;
  params.delete('key');
  const rest = params.toString();
  return rest ? `${url.slice(0, q)}?${rest}` : url.slice(0, q);
}
