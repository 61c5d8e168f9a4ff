import { ActivityBatchSchema, CustomerActivitySchema, MAX_ACTIVITY_BATCH, type ActivitySignalInput, type CustomerActivity } from '../../../../shared/index.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

/** Collision (issue 11): who is on a customer now, and this console's own viewing / replying signals. */
export function createCollisionApi(hub: HubFetch) {
  return {
    getActivity: (customerId: string, signal?: AbortSignal): Promise<CustomerActivity> => hub.json(CustomerActivitySchema, `/api/v1/customers/${seg(customerId)}/activity`, { signal }),
    getActivities: async (customerIds: readonly string[]): Promise<CustomerActivity[]> =>
      (await hub.json(ActivityBatchSchema, `/api/v1/activity?customerIds=${customerIds.map(encodeURIComponent).join(',')}`)).activities,
    sendSignal: (customerId: string, signal: ActivitySignalInput): Promise<CustomerActivity> =>
      hub.json(CustomerActivitySchema, `/api/v1/customers/${seg(customerId)}/activity`, { method: 'POST', ...jsonBody(signal) }),
  };
}
export type CollisionApi = ReturnType<typeof createCollisionApi>;

const batchers = new WeakMap<HubFetch, (customerId: string) => Promise<CustomerActivity | null>>();
/** One batcher per hub connection, shared by every badge on screen. */
export function batchedActivity(hub: HubFetch): (customerId: string) => Promise<CustomerActivity | null> {
  let b = batchers.get(hub);
  if (!b) {
    const api = createCollisionApi(hub);
    b = activityBatcher((ids) => api.getActivities(ids));
    batchers.set(hub, b);
  }
  return b;
}

/**
 * Many badges on an inbox page each ask for one customer; the asks of one tick go out as one request
 * (`GET /api/v1/activity`, at most MAX_ACTIVITY_BATCH ids each).
 */
export function activityBatcher(load: (ids: readonly string[]) => Promise<CustomerActivity[]>) {
  let pending = new Map<string, { resolve(a: CustomerActivity | null): void; reject(e: unknown): void }[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += MAX_ACTIVITY_BATCH) {
      const chunk = ids.slice(i, i + MAX_ACTIVITY_BATCH);
      load(chunk).then(
        (list) => {
          const byId = new Map(list.map((a) => [a.customerId, a]));
          for (const id of chunk) for (const w of batch.get(id) ?? []) w.resolve(byId.get(id) ?? null);
        },
        (err: unknown) => {
          for (const id of chunk) for (const w of batch.get(id) ?? []) w.reject(err);
        },
      );
    }
  };
  return (customerId: string): Promise<CustomerActivity | null> =>
    new Promise((resolve, reject) => {
      pending.set(customerId, [...(pending.get(customerId) ?? []), { resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
}
