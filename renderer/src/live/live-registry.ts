import type { QueryClient } from '@tanstack/react-query';
import { SERVER_EVENTS, type Channel, type ServerEventName, type ServerEventPayload, type WatchAck } from '../../../shared/index.js';
import type { LiveEventHandlers } from './connection.js';

/*
 * What a socket event does to a feature's cache is that feature's business: each feature hands the live
 * layer a `FeatureLiveHandlers` (features/<name>/live/), keyed by the event names of the shared map
 * (`SERVER_EVENTS`), and the live layer calls every one of them. The live layer itself knows the
 * connection, the watch and the view, never a feature's cache keys.
 */

/** What a handler may read and do besides its own cache. */
export interface LiveContext {
  qc: QueryClient;
  /** The customer on screen and its channel filter (they live in the URL). */
  view(): { customerId: string | null; channels: readonly Channel[] };
  /** Shows `id` in place of the open customer (a merge survivor), keeping the filter. */
  follow(id: string): void;
}

export type FeatureLiveHandlers = { [E in ServerEventName]?: (e: ServerEventPayload<E>, ctx: LiveContext) => void } & {
  /** The hub acknowledged watching the open customer `requestedId` (as `ack.customerId`), after replaying `ack.replayed` items. */
  watching?(requestedId: string, ack: WatchAck, ctx: LiveContext): void;
};

/** One handler per socket event that runs every feature's handler for it, in list order. */
export function combineLiveHandlers(list: readonly FeatureLiveHandlers[], ctx: LiveContext): { events: LiveEventHandlers; watching(requestedId: string, ack: WatchAck): void } {
  const events: Record<string, (e: unknown) => void> = {};
  for (const name of Object.keys(SERVER_EVENTS) as ServerEventName[]) {
    const handlers = list.flatMap((h) => (h[name] ? [h[name] as (e: unknown, c: LiveContext) => void] : []));
    if (handlers.length > 0) events[name] = (e) => handlers.forEach((h) => h(e, ctx));
  }
  return {
    events: events as LiveEventHandlers,
    watching: (requestedId, ack) => list.forEach((h) => h.watching?.(requestedId, ack, ctx)),
  };
}
