import type { FanOut } from '../domain.js';
import { PURCHASE_CHANNELS } from './purchases.js';

/** Wraps the fan-out: a new or changed purchase, a merge or an undo queues a value refresh of the customers involved (after commit, off the ingest path). */
export function withValueRefresh(inner: FanOut, touched: (customerIds: string[]) => void): FanOut {
  const purchase = new Set<string>(PURCHASE_CHANNELS);
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'timelineItem') {
        return (customerId: string, item: Parameters<FanOut['timelineItem']>[1]) => {
          target.timelineItem(customerId, item);
          if (purchase.has(item.channel)) touched([customerId]);
        };
      }
      if (prop === 'customerMerged') {
        return (merge: Parameters<FanOut['customerMerged']>[0]) => {
          target.customerMerged(merge);
          touched([merge.intoId, merge.fromId]);
        };
      }
      if (prop === 'customerSplit') {
        return (split: Parameters<FanOut['customerSplit']>[0]) => {
          target.customerSplit(split);
          touched([split.fromId, split.restoredId]);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
