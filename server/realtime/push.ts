import type { RoomName, TimelineItem } from '../../shared/index.js';
import { roleCan, rooms } from '../../shared/index.js';
import { maskItem, maskSummary } from '../customers/pii/mask.js';
import { EmailHtmlForClients, emailHtmlForClients } from '../email-html/client-items.js';
import type { DomainEvents, Unsubscribe } from '../events/bus.js';
import { pushConversations } from './conversation-push.js';
import type { HubEmitter } from './emitter.js';

/**
 * Realtime as a subscriber of the domain event bus: committed facts -> socket events in customer rooms.
 * Works the same on the in-memory and the Redis Streams adapter.
 * Email HTML goes out sanitized, which is asynchronous (the sanitizer loads on the first email that has
 * HTML, and yields between parses): the handler then returns a promise, and the bus holds this
 * subscriber's later facts behind it, so clients still see commit order (other subscribers do not wait).
 */
export function subscribeRealtimePush(events: DomainEvents, emitter: HubEmitter, onError: (err: unknown) => void = (err) => console.error('omni: customer summaries for watchers failed:', err)): Unsubscribe {
  let summaryChain: Promise<void> = Promise.resolve();
  // Reads queued on the chain when the hub closes find the database gone: after unsubscribing, nothing is reported.
  let closed = false;
  const report = (err: unknown) => {
    if (!closed) onError(err);
  };
  const pushItems = (items: readonly TimelineItem[], from = 0): void | Promise<void> => {
    for (let i = from; i < items.length; i++) {
      const it = items[i]!;
      const room = rooms.customer(it.customerId);
      // Masked per recipient: full to watchers allowed personal data (the customer's pii room), masked to the rest.
      const emit = (clean: TimelineItem) => emitter.emitMasked(it.customerId, 'timeline:item', { customerId: it.customerId, item: clean, seq: clean.seq }, { customerId: it.customerId, item: maskItem(clean), seq: clean.seq });
      if (!EmailHtmlForClients.needs(it)) emit(it);
      // Nobody watches this customer: nothing to send, so no reason to parse the HTML (or load the sanitizer).
      else if (emitter.mayHaveMembers(room))
        return (async () => {
          // One item that fails to sanitize is reported (bus onError) but never holds back the rest.
          const clean = await emailHtmlForClients.item(it).then(
            (c) => ({ ok: true as const, c }),
            (err: unknown) => ({ ok: false as const, err }),
          );
          if (clean.ok) emit(clean.c);
          await pushItems(items, i + 1);
          if (!clean.ok) throw clean.err;
        })();
    }
  };
  const unsubscribe = events.subscribe('realtime', {
    'event.created': ({ items }) => pushItems(items),
    'event.updated': ({ items }) => pushItems(items),
    // Summaries are read only for customers someone may be watching (a bulk import touches thousands nobody is),
    // off this subscriber's line: the next batch's items must not wait for a read. The reads form their own
    // chain, so summaries still go out in commit order and an older one never lands after a newer one.
    'customer.updated': ({ customerIds, summaries }) => {
      const watched = customerIds.filter((id) => emitter.mayHaveMembers(rooms.customer(id)));
      if (watched.length === 0) return;
      summaryChain = summaryChain
        .then(() => summaries(watched))
        .then((list) => {
          for (const customer of list) emitter.emitMasked(customer.id, 'customer:updated', { customerId: customer.id, customer }, { customerId: customer.id, customer: maskSummary(customer) });
        })
        .catch(report);
    },
    // Tells both sides, then moves the merged-away customer's watchers to the survivor so they keep receiving.
    'customer.merged': (merge) => {
      const from = rooms.customer(merge.fromId);
      const into = rooms.customer(merge.intoId);
      emitter.emit([from, into], 'customer:merged', { fromId: merge.fromId, intoId: merge.intoId, mergeId: merge.id });
      emitter.move(from, into);
      // Full values of the survivor only for roles that read personal data; a reveal of the merged-away id does not carry over.
      emitter.moveWhere(rooms.pii(merge.fromId), rooms.pii(merge.intoId), (user) => roleCan(user.role, 'customer.pii.read')).catch(onError);
    },
    // Undo: watchers of the survivor hear that `restoredId` is its own customer again (they refetch).
    'customer.split': (split) => emitter.emit([rooms.customer(split.fromId), rooms.customer(split.restoredId)], 'customer:split', split),
    'actions.changed': ({ customerId, actions }) => emitter.emit(rooms.customer(customerId), 'actions:updated', { customerId, actions: [...actions] }),
    // SLA notices (server/sla/sla-sweep.ts): to the conversation's queue room and its assignee's user room.
    // No rooms must mean nobody: socket.io's `to([])` would broadcast to every socket.
    'sla.warning': (alert) => void (slaRooms(alert).length > 0 && emitter.emit(slaRooms(alert), 'sla:warning', alert)),
    'sla.breached': (alert) => void (slaRooms(alert).length > 0 && emitter.emit(slaRooms(alert), 'sla:breached', alert)),
    // Presence is visible to everyone signed in; offers go to the agent's own sockets (server/presence, server/routing).
    // A chosen change is shown before its commit by the presence service itself (`shown`): not twice.
    'presence.changed': ({ presence, shown }) => void (shown || emitter.emitEveryone('presence:updated', { presence })),
    'routing.offered': ({ userId, offer }) => emitter.emit(rooms.user(userId), 'routing:offer', offer),
    'routing.offer-ended': ({ userId, ended }) => emitter.emit(rooms.user(userId), 'routing:offer-ended', ended),
    // Collision (server/collision): who is on a customer, read only for customers someone may be watching, on the summaries' chain.
    'activity.changed': ({ customerIds, read }) => {
      const watched = customerIds.filter((id) => emitter.mayHaveMembers(rooms.customer(id)));
      if (watched.length === 0) return;
      summaryChain = summaryChain
        .then(() => read(watched))
        .then((list) => {
          for (const activity of list) emitter.emit(rooms.customer(activity.customerId), 'customer:activity', { customerId: activity.customerId, activity });
        })
        .catch(report);
    },
    // A note mentioned someone: only their own user room hears it (server/outbound).
    'mention.created': ({ userId, mention }) => emitter.emit(rooms.user(userId), 'mention:created', mention),
    // Floor figures (server/metrics): the user rooms of those allowed to see them (never `to([])`).
    'metrics.updated': ({ userIds, event }) => void (userIds.length > 0 && emitter.emit(userIds.map((u) => rooms.user(u)), 'metrics:updated', event)),
    // Conversations (conversation-push.ts); then the inbox counts of the users involved, and the shared ones
    // (mine 0) to the inbox and queue rooms, read off this subscriber's line like the summaries.
    'conversation.updated': ({ conversations, was, counts }) => {
      const { users, queues } = pushConversations(emitter, conversations, was);
      summaryChain = summaryChain
        .then(async () => {
          for (const u of users) emitter.emit(rooms.user(u), 'inbox:counts', { counts: await counts(u) });
          // Users who just got their own counts are left out: one refetch is enough.
          const shared = await counts(null);
          emitter.emitExcept([rooms.inbox(), ...[...queues].map((q) => rooms.queue(q))], [...users].map((u) => rooms.user(u)), 'inbox:counts', { counts: shared });
        })
        .catch(report);
    },
  });
  return () => {
    closed = true;
    unsubscribe();
  };
}

/** Where an SLA notice goes: the queue room and the assignee's user room (nowhere when it has neither). */
function slaRooms(alert: { queueId: string | null; assigneeId: string | null }): RoomName[] {
  const out: RoomName[] = [];
  if (alert.queueId) out.push(rooms.queue(alert.queueId));
  if (alert.assigneeId) out.push(rooms.user(alert.assigneeId));
  return out;
}
