import type { QueryClient } from '@tanstack/react-query';
import type { CustomerSplitEvent } from '../../../../../shared/index.js';
import { customerKeys } from '../../customers/keys.js';
import { identityKeys } from '../keys.js';

/**
 * `customer:split`: an undo moved events and identifiers back to `restoredId`. Patching caches item by item
 * would be guesswork, so both profiles, timelines, duplicate lists and search results are refetched.
 */
export function applyCustomerSplit(qc: QueryClient, e: CustomerSplitEvent): void {
  for (const id of [e.fromId, e.restoredId]) {
    void qc.invalidateQueries({ queryKey: customerKeys.profile(id) });
    void qc.invalidateQueries({ queryKey: customerKeys.timelineAll(id) });
    void qc.invalidateQueries({ queryKey: identityKeys.duplicates(id) });
    void qc.invalidateQueries({ queryKey: identityKeys.audit(id) });
  }
  void qc.invalidateQueries({ queryKey: customerKeys.searchAll() });
}
