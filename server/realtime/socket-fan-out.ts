import type { Server } from 'socket.io';
import type { ClientToServerEvents, CustomerSplitEvent, RecommendedAction, CustomerSummary, MergeRecord, ServerToClientEvents, TimelineItem, User } from '../../shared/index.js';
import type { FanOut } from '../domain.js';
import { customerRoom } from './rooms.js';

export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export interface SocketData {
  user: User;
}

/** Domain notifications -> socket.io rooms. Works the same on the in-memory and the Redis Streams adapter. */
export class SocketFanOut implements FanOut {
  constructor(private readonly io: HubIo) {}

  timelineItem(customerId: string, item: TimelineItem): void {
    this.io.to(customerRoom(customerId)).emit('timeline:item', { customerId, item, seq: item.seq });
  }

  customerUpdated(customer: CustomerSummary): void {
    this.io.to(customerRoom(customer.id)).emit('customer:updated', { customerId: customer.id, customer });
  }

  /** Tells both sides, then moves the merged-away customer's watchers to the survivor so they keep receiving. */
  customerMerged(merge: MergeRecord): void {
    const from = customerRoom(merge.fromId);
    const into = customerRoom(merge.intoId);
    this.io.to([from, into]).emit('customer:merged', { fromId: merge.fromId, intoId: merge.intoId, mergeId: merge.id });
    this.io.in(from).socketsJoin(into);
    this.io.in(from).socketsLeave(from);
  }

  /** Undo: watchers of the survivor hear that `restoredId` is its own customer again (they refetch). */
  customerSplit(split: CustomerSplitEvent): void {
    this.io.to([customerRoom(split.fromId), customerRoom(split.restoredId)]).emit('customer:split', split);
  }

  actionsUpdated(customerId: string, actions: RecommendedAction[]): void {
    this.io.to(customerRoom(customerId)).emit('actions:updated', { customerId, actions });
  }
}
