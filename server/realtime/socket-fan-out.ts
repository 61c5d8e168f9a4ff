import type { Server } from 'socket.io';
import type { ClientToServerEvents, CustomerSplitEvent, RecommendedAction, CustomerSummary, MergeRecord, ServerToClientEvents, TimelineItem, User } from '../../shared/index.js';
import type { FanOut } from '../domain.js';
import { EmailHtmlForClients, emailHtmlForClients } from '../email-html/client-items.js';
import { customerRoom } from './rooms.js';

export type HubIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export interface SocketData {
  user: User;
}

/**
 * Domain notifications -> socket.io rooms. Works the same on the in-memory and the Redis Streams adapter.
 * Email HTML goes out sanitized, which is asynchronous (the sanitizer loads on the first email that has
 * HTML, and yields between parses): such an item and every notification after it wait in a queue, so
 * clients still see commit order.
 */
export class SocketFanOut implements FanOut {
  private backlog: Promise<void> | null = null;
  private waiting = 0;

  /** `localRoomsOnly`: no cross-process adapter, so this process's rooms are everyone who could receive. */
  constructor(
    private readonly io: HubIo,
    private readonly opts: { localRoomsOnly?: boolean } = {},
  ) {}

  timelineItem(customerId: string, item: TimelineItem): void {
    const emit = (clean: TimelineItem) => this.io.to(customerRoom(customerId)).emit('timeline:item', { customerId, item: clean, seq: clean.seq });
    if (!EmailHtmlForClients.needs(item)) this.inOrder(() => emit(item));
    // Nobody watches this customer: nothing to send, so no reason to parse the HTML (or load the sanitizer).
    else if (this.opts.localRoomsOnly && !this.io.sockets.adapter.rooms.get(customerRoom(customerId))?.size) return;
    else
      this.queue(async () => {
        emit(await emailHtmlForClients.item(item));
      });
  }

  customerUpdated(customer: CustomerSummary): void {
    this.inOrder(() => this.io.to(customerRoom(customer.id)).emit('customer:updated', { customerId: customer.id, customer }));
  }

  /** Tells both sides, then moves the merged-away customer's watchers to the survivor so they keep receiving. */
  customerMerged(merge: MergeRecord): void {
    this.inOrder(() => {
      const from = customerRoom(merge.fromId);
      const into = customerRoom(merge.intoId);
      this.io.to([from, into]).emit('customer:merged', { fromId: merge.fromId, intoId: merge.intoId, mergeId: merge.id });
      this.io.in(from).socketsJoin(into);
      this.io.in(from).socketsLeave(from);
    });
  }

  /** Undo: watchers of the survivor hear that `restoredId` is its own customer again (they refetch). */
  customerSplit(split: CustomerSplitEvent): void {
    this.inOrder(() => this.io.to([customerRoom(split.fromId), customerRoom(split.restoredId)]).emit('customer:split', split));
  }

  actionsUpdated(customerId: string, actions: RecommendedAction[]): void {
    this.inOrder(() => this.io.to(customerRoom(customerId)).emit('actions:updated', { customerId, actions }));
  }

  /** Now, unless something before it still waits for the sanitizer. */
  private inOrder(emit: () => void): void {
    if (this.backlog)
      this.queue(async () => {
        emit();
      });
    else emit();
  }

  private queue(step: () => Promise<void>): void {
    this.waiting++;
    this.backlog = (this.backlog ?? Promise.resolve())
      .then(step)
      .catch(() => {}) // one failed emit must not stop the ones behind it
      .finally(() => {
        if (--this.waiting === 0) this.backlog = null;
      });
  }
}
