import type { TimelineItem } from '../../shared/index.js';
import type { DomainEvents, Unsubscribe } from '../events/bus.js';
import { PURCHASE_CHANNELS } from './purchases.js';

/** A new or changed purchase, a merge or an undo queues a value refresh of the customers involved (after commit, off the ingest path). */
export function subscribeValueRefresh(events: DomainEvents, touched: (customerIds: string[]) => void): Unsubscribe {
  const purchase = new Set<string>(PURCHASE_CHANNELS);
  const purchasers = (items: readonly TimelineItem[]) => {
    const ids = [...new Set(items.filter((i) => purchase.has(i.channel)).map((i) => i.customerId))];
    if (ids.length > 0) touched(ids);
  };
  return events.subscribe('customer-value', {
    'event.created': ({ items }) => purchasers(items),
    'event.updated': ({ items }) => purchasers(items),
    'customer.merged': (merge) => touched([merge.intoId, merge.fromId]),
    'customer.split': (split) => touched([split.fromId, split.restoredId]),
  });
}
