import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import { collisionKeys } from '../keys.js';

/** Socket events -> the collision cache: the payload is the whole activity, so it replaces the entry. */
export const collisionLive: FeatureLiveHandlers = {
  'customer:activity': (e, ctx) => ctx.qc.setQueryData(collisionKeys.forCustomer(e.customerId), e.activity),
};
