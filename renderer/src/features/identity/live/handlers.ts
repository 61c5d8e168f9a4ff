import type { FeatureLiveHandlers } from '../../../live/live-registry.js';
import { applyCustomerSplit } from './apply-split.js';

/** Socket events -> the identity feature's caches. */
export const identityLive: FeatureLiveHandlers = {
  'customer:split': (e, ctx) => applyCustomerSplit(ctx.qc, e),
};
