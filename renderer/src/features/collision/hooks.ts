import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { COMPOSING_REFRESH_MS, VIEWING_HEARTBEAT_MS, emptyActivity, type Channel, type CustomerActivity } from '../../../../shared/index.js';
import { useFeatureApi, useHub } from '../../api/HubProvider.js';
import { batchedActivity, createCollisionApi } from './api.js';
import { collisionKeys } from './keys.js';

/** Live updates come over the socket (customer:activity); the poll is the safety net for a dropped socket. */
const SAFETY_REFETCH_MS = 15_000;

/** Who is on this customer now (the profile); kept live by `customer:activity`. */
export function useCustomerActivity(customerId: string) {
  const api = useFeatureApi(createCollisionApi);
  return useQuery({
    queryKey: collisionKeys.forCustomer(customerId),
    queryFn: ({ signal }) => api.getActivity(customerId, signal),
    refetchInterval: SAFETY_REFETCH_MS,
  });
}

/** The same, for an inbox row: the rows of one page share one request; refreshed every 10 s (rows do not watch customers). */
export function useRowActivity(customerId: string) {
  const hub = useHub();
  return useQuery({
    queryKey: collisionKeys.forCustomer(customerId),
    queryFn: async (): Promise<CustomerActivity> => (await batchedActivity(hub)(customerId)) ?? emptyActivity(customerId),
    refetchInterval: 10_000,
    staleTime: 5_000,
  });
}

/** Says "I am viewing this customer" while mounted (heartbeat), and that I left on unmount. */
export function useViewingSignal(customerId: string): void {
  const api = useFeatureApi(createCollisionApi);
  const qc = useQueryClient();
  useEffect(() => {
    let stopped = false;
    const beat = () =>
      api.sendSignal(customerId, { kind: 'viewing' }).then(
        (a) => !stopped && qc.setQueryData(collisionKeys.forCustomer(customerId), a),
        () => {}, // A missed beat is retried by the next one; the viewer only expires after several.
      );
    void beat();
    const timer = setInterval(beat, VIEWING_HEARTBEAT_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      void api.sendSignal(customerId, { kind: 'viewing', active: false }).catch(() => {});
    };
  }, [api, qc, customerId]);
}

export interface ComposingSignal {
  /** Call on every change of the reply text: sends "replying" at most every COMPOSING_REFRESH_MS. */
  onTyping(): void;
  /** The reply was sent or discarded: "replying" ends now (also on unmount). */
  stop(): void;
}

/**
 * For other features' composers: `const composing = useComposingSignal(customerId, 'email', conversationId)`,
 * then `composing.onTyping()` in onChange and `composing.stop()` after sending. Without a keystroke for
 * COMPOSING_TTL_MS the hub ends it by itself.
 */
export function useComposingSignal(customerId: string, channel: Channel, conversationId?: string): ComposingSignal {
  const api = useFeatureApi(createCollisionApi);
  const lastSent = useRef(0);
  const signal = useMemo(() => {
    const base = { kind: 'composing' as const, channel, ...(conversationId ? { conversationId } : {}) };
    return {
      onTyping() {
        const now = Date.now();
        if (now - lastSent.current < COMPOSING_REFRESH_MS) return;
        lastSent.current = now;
        void api.sendSignal(customerId, base).catch(() => {});
      },
      stop() {
        if (lastSent.current === 0) return;
        lastSent.current = 0;
        void api.sendSignal(customerId, { ...base, active: false }).catch(() => {});
      },
    };
  }, [api, customerId, channel, conversationId]);
  useEffect(() => () => signal.stop(), [signal]);
  return signal;
}
