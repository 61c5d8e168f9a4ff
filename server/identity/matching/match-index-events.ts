import type { DomainEvents, Unsubscribe } from '../../events/bus.js';
import type { MatchIndex } from './match-index.js';

/**
 * The match index follows the domain's after-commit facts. Handlers only queue (synchronous), so each fact is
 * queued while it is published, before the ingest or merge that published it is acknowledged; a duplicates
 * request then waits for the queue (MatchIndex.ready).
 */
export function subscribeMatchIndex(events: DomainEvents, index: MatchIndex): Unsubscribe {
  return events.subscribe('duplicates-index', {
    'event.created': ({ items }) => index.itemsAdded(items),
    'event.updated': ({ items }) => index.itemsAdded(items, true),
    'customer.updated': ({ customerIds, identityChangedIds }) => index.touched(identityChangedIds ?? customerIds),
    'customer.merged': (merge) => index.merged(merge),
    'customer.split': (split) => index.split(split),
  });
}
