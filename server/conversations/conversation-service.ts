import { can, isoToMicros, microsToIso, type Actor, type BulkConversationUpdate, type Conversation, type ConversationDetail, type ConversationPatch, type CreateConversation, type InboxCounts, type TimelineItem } from '../../shared/index.js';
import type { CustomerQueries } from '../domain.js';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import type { IngestOutcome } from '../domain.js';
import { nowMicros } from '../storage/batch.js';
import type { Tx } from '../storage/commit-queue.js';
import { ulid } from '../storage/ids.js';
import type { Mutex } from '../storage/mutex.js';
import { lockForIdentityWrite } from '../merges/lock.js';
import type { Db, Dialect } from '../storage/schema.js';
import { groupItems, save, withStatus } from './grouping.js';
import { InboxCountsAfterChange, readInboxCounts } from './inbox-counts.js';
import { listConversations } from './inbox-list.js';
import { PRIORITY_RANK, channelKey, toConversation } from './rows.js';
import { readClocks } from './sla-deadlines.js';
import { withDeadlines, type ConversationSettings } from './settings.js';
import { convDb, convTx, type ConversationsTable, type ConvDb, type ConvTx } from './tables.js';

export interface ConversationServiceOptions {
  db: Db;
  dialect: Dialect;
  events: DomainEventPublisher;
  customers: CustomerQueries;
  writeLock: Mutex;
  settings: ConversationSettings;
  now?: () => number;
}

const MAX_ITEM_IDS = 1000;

/** Conversations: grouping inside ingest, the inbox reads, and the changes people make (one transaction each). */
export class ConversationService {
  private readonly db: ConvDb;
  private readonly nowUs: () => number;
  private readonly countsAfterChange: InboxCountsAfterChange;

  constructor(private readonly o: ConversationServiceOptions) {
    this.db = convDb(o.db);
    this.countsAfterChange = new InboxCountsAfterChange(this.db);
    this.nowUs = o.now ? () => o.now!() * 1000 : nowMicros;
  }

  /** The ingest write hook: links the batch's items in its transaction; tells the inboxes after commit. */
  readonly groupIngested = async (tx: Tx, outcome: IngestOutcome): Promise<(() => void) | void> => {
    const items: TimelineItem[] = [...outcome.created, ...(outcome.updated ?? [])];
    if (items.length === 0) return;
    const t = convTx(tx);
    const res = await groupItems(t, items, this.o.settings, this.nowUs(), this.o.dialect);
    if (res.changed.size === 0) return;
    const rows = [...res.changed.values()];
    const was = rows.map((r) => res.before.get(r.id) ?? null);
    const conversations = await this.withNames(t, rows);
    return () => this.announce(conversations, was);
  };

  list(actor: Actor, query: Parameters<typeof listConversations>[2]) {
    return listConversations(this.db, actor, query, this.o.customers);
  }

  counts(actor: Actor): Promise<InboxCounts> {
    return readInboxCounts(this.db, actor.kind === 'user' ? actor.userId : null);
  }

  async get(actor: Actor, id: string): Promise<ConversationDetail> {
    const row = await this.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError('id', `no conversation with id "${id}"`);
    const [conversation] = await this.withNames(this.db, [row]);
    const items = await this.db
      .selectFrom('conversation_items as ci')
      .innerJoin('events as e', 'e.id', 'ci.event_id')
      .select('ci.event_id')
      .where('ci.conversation_id', '=', id)
      .orderBy('e.occurred_at_us', 'asc')
      .orderBy('e.id', 'asc')
      .limit(MAX_ITEM_IDS)
      .execute();
    const clocks = readClocks(row, this.o.settings.policyFor(row.queue_id), this.o.settings.calendarFor(row.queue_id), Math.floor(this.nowUs() / 1000));
    return { conversation: conversation!, clocks, itemIds: items.map((i) => i.event_id) };
  }

  async create(actor: Actor, body: CreateConversation): Promise<Conversation> {
    const customerId = await this.o.customers.resolveId(actor, body.customerId);
    if (!customerId) throw new NotFoundError('customerId', `no customer with id "${body.customerId}"`);
    // New work may go to any queue (conversation.work); handing it to someone else needs conversation.assign.
    this.assertMayAssign(actor, body.assigneeId ?? null, null, undefined, null);
    return this.write(async (tx) => {
      await this.assertUser(tx, body.assigneeId ?? null);
      const now = this.nowUs();
      const row = withDeadlines(
        {
          id: `cnv_${ulid()}`,
          customer_id: customerId,
          status: 'open',
          snoozed_until_us: null,
          priority: body.priority,
          priority_rank: PRIORITY_RANK[body.priority],
          queue_id: body.queueId ?? null,
          assignee_id: body.assigneeId ?? null,
          tags: JSON.stringify([...new Set(body.tags)]),
          subject: body.subject,
          channels: JSON.stringify([body.channel]),
          created_at_us: now,
          updated_at_us: now,
          last_activity_us: now,
          first_response_at_us: null,
          last_customer_message_at_us: null,
          waiting_since_us: null,
          solved_at_us: null,
          closed_at_us: null,
          sla_policy_id: this.o.settings.policy.id,
          first_response_due_us: null,
          next_response_due_us: null,
          resolution_due_us: null,
          sla_due_us: 0,
          pauses: '[]',
          item_count: 0,
        },
        this.o.settings,
      );
      await save(tx, row, true);
      // A later text or call on this channel continues it.
      await tx.insertInto('conversation_keys').values({ conversation_id: row.id, key: channelKey(body.channel) }).execute();
      return [[row], [null]];
    }).then((list) => list[0]!);
  }

  async update(actor: Actor, id: string, patch: ConversationPatch): Promise<Conversation> {
    const [one] = await this.updateMany(actor, [id], patch, (i) => (i === 0 ? 'id' : `ids[${i}]`));
    return one!;
  }

  bulk(actor: Actor, body: BulkConversationUpdate): Promise<Conversation[]> {
    return this.updateMany(actor, body.ids, body.patch, (i) => `ids[${i}]`);
  }

  /** All or nothing: every id must exist, be changeable and allowed before anything is written. */
  private async updateMany(actor: Actor, ids: readonly string[], patch: ConversationPatch, field: (i: number) => string): Promise<Conversation[]> {
    const unique = [...new Set(ids)];
    let snoozeUs: number | null = null;
    if (patch.snoozedUntil !== undefined) {
      snoozeUs = isoToMicros(patch.snoozedUntil);
      if (snoozeUs === null || snoozeUs <= this.nowUs()) throw new InputError('snoozedUntil', 'snoozedUntil must be in the future');
    }
    if (patch.status === undefined && patch.priority === undefined && patch.tags === undefined && patch.queueId === undefined && patch.assigneeId === undefined) {
      throw new InputError('(body)', 'nothing to change');
    }
    return this.write(async (tx) => {
      let q = tx.selectFrom('conversations').selectAll().where('id', 'in', unique);
      if (this.o.dialect === 'postgres') q = q.forUpdate();
      const found = new Map((await q.execute()).map((r) => [r.id, r]));
      if (patch.assigneeId !== undefined) await this.assertUser(tx, patch.assigneeId);
      const now = this.nowUs();
      const before: ConversationsTable[] = [];
      const after: ConversationsTable[] = [];
      for (const [i, id] of ids.entries()) {
        const row = found.get(id);
        if (!row) throw new NotFoundError(field(i), `no conversation with id "${id}"`);
        if (after.some((r) => r.id === id)) continue;
        if (row.status === 'closed') throw new ConflictError(field(i), 'a closed conversation does not change: open a new one');
        this.assertMayAssign(actor, patch.assigneeId, row.assignee_id, patch.queueId, row.queue_id);
        let next: ConversationsTable = { ...row, updated_at_us: now };
        if (patch.status !== undefined) next = withStatus(next, patch.status, now, patch.status === 'snoozed' ? snoozeUs : null);
        if (patch.priority !== undefined) next = { ...next, priority: patch.priority, priority_rank: PRIORITY_RANK[patch.priority] };
        if (patch.tags !== undefined) next = { ...next, tags: JSON.stringify([...new Set(patch.tags)]) };
        if (patch.queueId !== undefined) next = { ...next, queue_id: patch.queueId };
        if (patch.assigneeId !== undefined) next = { ...next, assignee_id: patch.assigneeId };
        next = withDeadlines(next, this.o.settings);
        await save(tx, next, false);
        before.push(row);
        after.push(next);
      }
      return [after, before];
    });
  }

  /** Assigning someone else (or taking it from someone) and moving queues need conversation.assign; taking it yourself, conversation.work. */
  private assertMayAssign(actor: Actor, assignee: string | null | undefined, current: string | null, queue: string | null | undefined, currentQueue: string | null): void {
    if (can(actor, 'conversation.assign')) return;
    const self = actor.kind === 'user' ? actor.userId : null;
    if (assignee !== undefined && assignee !== current) {
      const mine = (assignee === self && (current === null || current === self)) || (assignee === null && current === self);
      if (!mine) throw new ForbiddenError('assigneeId', 'needs conversation.assign to assign someone else or take it from them');
    }
    if (queue !== undefined && queue !== currentQueue) throw new ForbiddenError('queueId', 'needs conversation.assign to move a conversation to another queue');
  }

  private async assertUser(tx: ConvTx, userId: string | null): Promise<void> {
    if (userId === null) return;
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('assigneeId', `no user with id "${userId}"`);
  }

  /** One transaction under the write lock; facts published after commit. */
  private async write(fn: (tx: ConvTx) => Promise<[ConversationsTable[], (ConversationsTable | null)[]]>): Promise<Conversation[]> {
    return this.o.writeLock.run(async () => {
      const [rows, was] = await this.db.transaction().execute(fn);
      const conversations = await this.withNames(this.db, rows);
      this.announce(conversations, was);
      return conversations;
    });
  }

  /** Routing (server/routing) changed assignees in its own conditional UPDATE: the inboxes hear the rows as they are now (`wasAssignee` per id). */
  async announceAssignees(wasAssignee: ReadonlyMap<string, string | null>): Promise<void> {
    if (wasAssignee.size === 0) return;
    const rows = await this.db.selectFrom('conversations').selectAll().where('id', 'in', [...wasAssignee.keys()]).execute();
    this.announce(await this.withNames(this.db, rows), rows.map((r) => ({ ...r, assignee_id: wasAssignee.get(r.id) ?? null })));
  }

  /**
   * A routing claim's rows as its own statement returned them (no re-read): the inboxes hear them, each
   * unassigned before. Returns them in the API shape (names read only where the claim did not join them).
   */
  async announceClaimed(claimed: readonly { row: ConversationsTable; customerName?: string | null }[]): Promise<Conversation[]> {
    if (claimed.length === 0) return [];
    const rows = claimed.map((c) => c.row);
    const conversations = claimed.every((c) => c.customerName !== undefined)
      ? claimed.map((c) => toConversation(c.row, c.customerName ?? null))
      : await this.withNames(this.db, rows);
    this.announce(conversations, rows.map((r) => ({ ...r, assignee_id: null })));
    return conversations;
  }

  /**
   * After a merge or an undo moved conversations between customers: the inboxes hear the new owner
   * (most recently active first, at most `limit` per customer).
   */
  async announceCustomers(customerIds: readonly string[], limit = 200): Promise<void> {
    const rows: ConversationsTable[] = [];
    for (const id of customerIds) {
      rows.push(...(await this.db.selectFrom('conversations').selectAll().where('customer_id', '=', id).orderBy('last_activity_us', 'desc').limit(limit).execute()));
    }
    if (rows.length === 0) return;
    this.announce(await this.withNames(this.db, rows), rows);
  }

  /**
   * Re-runnable grouping over stored items (a database that had items before conversations existed, or
   * after a restore): items of the open window not linked yet are grouped exactly as ingest would,
   * oldest first, in batches; linked ones are left alone. Returns how many items it looked at.
   */
  async groupStored(batchSize = 500): Promise<number> {
    const sinceUs = this.nowUs() - this.o.settings.openWindowMs * 1000;
    let seen = 0;
    let afterSeq = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('events as e')
        .leftJoin('conversation_items as ci', 'ci.event_id', 'e.id')
        .select(['e.id', 'e.customer_id', 'e.channel', 'e.type', 'e.occurred_at_us', 'e.summary', 'e.source', 'e.source_event_id', 'e.data', 'e.seq'])
        .where('ci.event_id', 'is', null)
        .where('e.occurred_at_us', '>=', sinceUs)
        .where('e.seq', '>', afterSeq)
        .orderBy('e.seq')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) return seen;
      seen += rows.length;
      afterSeq = rows[rows.length - 1]!.seq;
      const items = rows.map((r) => ({
        id: r.id,
        customerId: r.customer_id,
        channel: r.channel as TimelineItem['channel'],
        type: r.type,
        occurredAt: microsToIso(r.occurred_at_us),
        summary: r.summary,
        source: r.source,
        sourceEventId: r.source_event_id,
        data: JSON.parse(r.data) as Record<string, unknown>,
        seq: r.seq,
      }));
      const after = await this.o.writeLock.run(() =>
        this.o.db.transaction().execute(async (tx) => {
          await lockForIdentityWrite(tx, this.o.dialect); // serialized with ingest and merges across hubs
          return this.groupIngested(tx, { results: [], created: items, merges: [], touchedCustomerIds: [] });
        }),
      );
      if (after) after();
    }
  }

  /**
   * The SLA sweep's timed changes (server/sla/sla-sweep.ts), re-checked under lock in one transaction:
   * snoozed conversations whose time came are open again (the pause ends at the snooze time), solved ones
   * older than closeAfterDays are closed. Inboxes hear it like any change.
   */
  async applyTimedStatuses(limit = 500): Promise<{ woken: number; closed: number }> {
    const now = this.nowUs();
    const closeBefore = now - this.o.settings.closeAfterDays * 86_400_000_000;
    const due = (q: ConvDb | ConvTx) =>
      q
        .selectFrom('conversations')
        .selectAll()
        .where((eb) => eb.or([eb.and([eb('status', '=', 'snoozed'), eb('snoozed_until_us', '<=', now)]), eb.and([eb('status', '=', 'solved'), eb('solved_at_us', '<', closeBefore)])]))
        .limit(limit);
    if ((await due(this.db).execute()).length === 0) return { woken: 0, closed: 0 };
    const rows = await this.write(async (tx) => {
      const found = await (this.o.dialect === 'postgres' ? due(tx).forUpdate().skipLocked() : due(tx)).execute();
      const after = found.map((r) =>
        withDeadlines(r.status === 'snoozed' ? withStatus(r, 'open', Math.min(now, r.snoozed_until_us ?? now)) : withStatus(r, 'closed', now), this.o.settings),
      );
      for (const r of after) await save(tx, r, false);
      return [after, found];
    });
    return { woken: rows.filter((r) => r.status === 'open').length, closed: rows.filter((r) => r.status === 'closed').length };
  }

  /**
   * A queue's SLA settings changed: its unfinished conversations get their deadlines recomputed, in
   * batches of `batchSize` (one transaction each, so ingest is never held long). Returns how many changed.
   */
  async recomputeQueueDeadlines(queueId: string, batchSize = 500): Promise<number> {
    let after = '';
    let changed = 0;
    for (;;) {
      const page = (q: ConvDb | ConvTx) =>
        q.selectFrom('conversations').selectAll().where('queue_id', '=', queueId).where('status', 'in', ['open', 'pending', 'snoozed']).where('id', '>', after).orderBy('id').limit(batchSize);
      let last: string | null = null;
      await this.write(async (tx) => {
        const found = await (this.o.dialect === 'postgres' ? page(tx).forUpdate() : page(tx)).execute();
        last = found.length === batchSize ? found[found.length - 1]!.id : null;
        const before: ConversationsTable[] = [];
        const next: ConversationsTable[] = [];
        for (const r of found) {
          const n = withDeadlines(r, this.o.settings);
          if (n.sla_due_us === r.sla_due_us && n.first_response_due_us === r.first_response_due_us && n.next_response_due_us === r.next_response_due_us && n.resolution_due_us === r.resolution_due_us && n.sla_policy_id === r.sla_policy_id) continue;
          await save(tx, n, false);
          before.push(r);
          next.push(n);
        }
        changed += next.length;
        return [next, before];
      });
      if (last === null) return changed;
      after = last;
    }
  }

  private announce(conversations: Conversation[], was: readonly (ConversationsTable | null)[]): void {
    this.countsAfterChange.changed();
    this.o.events.publish('conversation.updated', {
      conversations,
      was: was.map((w) => ({ queueId: w?.queue_id ?? null, assigneeId: w?.assignee_id ?? null })),
      counts: (userId) => this.countsAfterChange.counts(userId),
    });
  }

  private async withNames(db: ConvDb | ConvTx, rows: readonly ConversationsTable[]): Promise<Conversation[]> {
    const ids = [...new Set(rows.map((r) => r.customer_id))];
    const names = new Map(
      ids.length === 0 ? [] : (await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', ids).execute()).map((c) => [c.id, c.display_name] as const),
    );
    return rows.map((r) => toConversation(r, names.get(r.customer_id) ?? null));
  }
}
