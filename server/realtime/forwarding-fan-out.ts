import type { CustomerSplitEvent, RecommendedAction, CustomerSummary, MergeRecord, TimelineItem } from '../../shared/index.js';
import type { FanOut } from '../domain.js';

/**
 * The domain needs a FanOut when it is created, but the socket server is attached later (it needs the
 * HTTP server). Until `target` is set, notifications are dropped: there is nobody to tell yet.
 */
export class ForwardingFanOut implements FanOut {
  target: FanOut | null = null;

  timelineItem(customerId: string, item: TimelineItem): void {
    this.target?.timelineItem(customerId, item);
  }
  customerUpdated(customer: CustomerSummary): void {
    this.target?.customerUpdated(customer);
  }
  customerMerged(merge: MergeRecord): void {
    this.target?.customerMerged(merge);
  }
  customerSplit(split: CustomerSplitEvent): void {
    this.target?.customerSplit(split);
  }
  actionsUpdated(customerId: string, actions: RecommendedAction[]): void {
    this.target?.actionsUpdated(customerId, actions);
  }
}
