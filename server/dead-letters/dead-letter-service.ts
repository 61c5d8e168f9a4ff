import type { Actor, ConnectorStatusList, DeadLetter, DeadLetterListQuery, ReplayResponse } from '../../shared/index.js';
import { deliver } from '../connectors/deliver.js';
import { CONNECTOR_ROUTES, connectorByName } from '../connectors/registry.js';
import type { ConnectorSettings } from '../connectors/types.js';
import type { Domain } from '../domain.js';
import { ConflictError, failureOf, NotFoundError } from '../errors.js';

/** The admin's view of connectors: dead letters (list, read, replay) and each connector's delivery status. */
export class DeadLetterService {
  constructor(
    private readonly domain: Domain,
    private readonly settings: ConnectorSettings,
  ) {}

  list(actor: Actor, q: DeadLetterListQuery): Promise<DeadLetter[]> {
    return this.domain.connectors.listDeadLetters(actor, q);
  }

  async get(actor: Actor, id: string): Promise<DeadLetter> {
    const d = await this.domain.connectors.getDeadLetter(actor, id);
    if (!d) throw new NotFoundError('id', `no dead letter with id "${id}"`);
    return d;
  }

  /** Retries a dead letter through its connector (signature checked again with the current secret); resolved on success. */
  async replay(actor: Actor, id: string): Promise<ReplayResponse> {
    const d = await this.get(actor, id);
    if (d.status === 'resolved') throw new ConflictError('id', 'dead letter is already resolved');
    const connector = connectorByName(d.connector);
    if (!connector) throw new DomainConflict(`no connector "${d.connector}" to replay through`, `unknown connector ${d.connector}`);
    const q = d.url.indexOf('?');
    const query = Object.fromEntries(new URLSearchParams(q === -1 ? '' : d.url.slice(q + 1)));
    try {
      const response = await deliver(
        connector,
        { headers: d.headers, body: Buffer.from(d.bodyBase64, 'base64'), url: d.url, query, contentType: d.contentType },
        { domain: this.domain, settings: this.settings },
        { replay: true },
      );
      const ok = response.ignored === undefined;
      const updated = await this.domain.connectors.replayAttempted(actor, id, ok, ok ? undefined : `ignored: ${response.ignored}`);
      return { deadLetter: updated ?? d, ok, response, error: ok ? null : `ignored: ${response.ignored}` };
    } catch (err) {
      const failure = failureOf(err);
      const reason = failure.code === 'internal' ? 'internal error' : failure.message;
      const updated = await this.domain.connectors.replayAttempted(actor, id, false, reason);
      return { deadLetter: updated ?? d, ok: false, response: null, error: reason };
    }
  }

  /** Every known connector (also those that never received anything) with its counters. */
  async connectorStatus(actor: Actor): Promise<ConnectorStatusList> {
    const known = CONNECTOR_ROUTES.map((r) => r.connector.name as string);
    const stats = await this.domain.connectors.status(actor);
    const byName = new Map(stats.map((s) => [s.connector, s]));
    const names = [...new Set([...known, ...stats.map((s) => s.connector)])];
    return {
      connectors: names.map(
        (connector) => byName.get(connector) ?? { connector, lastDeliveryAt: null, lastOkAt: null, lastErrorAt: null, lastError: null, okCount: 0, errorCount: 0, openDeadLetters: 0 },
      ),
    };
  }
}

/** A 409 whose message and issue differ (kept as the route always answered). */
class DomainConflict extends ConflictError {
  constructor(message: string, issue: string) {
    super('id', message);
    this.issues.splice(0, 1, { path: 'id', message: issue });
  }
}
