import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import { actionKeys } from '../keys.js';

/** Socket events -> the next-actions cache. */
export const actionsLive: FeatureLiveHandlers = {
  // The payload is ranked for the agent role; refetch so this user's role and feedback apply.
  'actions:updated': (e, ctx) => void ctx.qc.invalidateQueries({ queryKey: actionKeys.forCustomer(e.customerId) }),
};
