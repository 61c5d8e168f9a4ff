import { IngestBatchSchema, IngestEventSchema, type IngestEvent } from '../../shared/index.js';
import { DomainError, InputError, parseInput } from '../errors.js';

/**
 * The body of `POST /api/v1/events` (and of its dead letters on replay): one event, or `{events:[...]}`.
 * Issue paths follow the shape sent: `occurredAt` vs `events[2].occurredAt`.
 */
export function parseIngestBody(body: unknown): { events: IngestEvent[]; single: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InputError('(body)', 'expected one event object or {"events":[...]}');
  if ('events' in body) return { events: parseInput(IngestBatchSchema, body).events, single: false };
  return { events: [parseInput(IngestEventSchema, body)], single: true };
}

/** The domain names fields batch-style; a single event was sent without the `events[0].` wrapper. */
export function asSingleEventError(err: unknown): unknown {
  if (!(err instanceof DomainError) || !err.path.startsWith('events[0]')) return err;
  const unwrap = (path: string) => path.replace(/^events\[0\]\.?/, '') || '(body)';
  return new DomainError(err.code, err.message, err.issues.map((i) => ({ ...i, path: unwrap(i.path) })));
}
