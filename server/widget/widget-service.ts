import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EVENT_TYPE, systemActor, type Actor, type ChatReplyResult, type CreateChatReply, type CustomerRef, type TimelineItem, type WidgetAuth, type WidgetIdentify, type WidgetMessage, type WidgetSend } from '../../shared/index.js';
import { mergeConversation } from '../connectors/chat/chat-connector.js';
import { cleanRef } from '../connectors/common.js';
import type { IngestOutcome, IngestService } from '../domain.js';
import type { ConversationTables } from '../conversations/tables.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { isUniqueViolation, nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { OutboundTables, OutboxTable } from '../outbound/tables.js';
import type { Tx } from '../storage/commit-queue.js';
import type { WidgetGateway } from './gateway.js';
import { iso, toWidgetMessage } from './message-row.js';
import { PushedReplies } from './pushed-replies.js';
import { readReplyTarget } from './reply-target.js';
import type { WidgetDb, WidgetMessagesTable, WidgetTables } from './tables.js';

/** Timeline items of widget chats: the chat connector's source and vocabulary, so they read and group the same. */
export const WIDGET_SOURCE = 'chat';
/** The outbox channel of agent replies to the widget (rows with this channel go to ChatWidgetSender). */
export const WIDGET_CHANNEL = 'chat';
const HISTORY_CAP = 500;
/** The widget writes as the chat connector would (a connector of the hub itself). */
const WIDGET_ACTOR = systemActor('connector:widget');

export interface WidgetChat {
  id: string;
  token: string;
  visitor: { email?: string; phone?: string; name?: string };
}

export interface WidgetServiceOptions {
  db: WidgetDb;
  ingest: IngestService;
  defaultRegion: string;
  /**
   * The local outbox worker: a reply row is written already leased to it when it runs (sent right after the
   * commit, no claim round trip), else queued for whichever hub's worker claims it.
   */
  outbox: { readonly owner: string; readonly isRunning: boolean; adopt(row: OutboxTable): void; kick(): void };
  /** This hub's widget sockets (the gateway): attached, a reply is pushed right after its commit, not after the worker's turn. */
  push: Pick<WidgetGateway, 'attached' | 'toWidget' | 'previewToConsole' | 'retractFromConsole'>;
  onError(err: unknown): void;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * The customer side of the widget and the agent replies it receives. A chat is one `chat.conversation`
 * timeline item that grows (the chat connector's upsert and merge), so it groups into a conversation like any
 * chat; beside it, `widget_messages` numbers every message of the chat (seq) so a page resumes from the last
 * one it showed, and a client id per message makes a resend (reload, reconnect) the same message.
 */
export class WidgetService {
  /** Replies pushed at commit whose `sent` state rides along in a later write (see PushedReplies). */
  private readonly pushed: PushedReplies;

  constructor(private readonly o: WidgetServiceOptions) {
    this.pushed = new PushedReplies({ db: o.db, owner: () => o.outbox.owner, onError: o.onError });
  }

  /** Writes the `sent` states still waiting (shutdown; the bench between rounds). */
  settle(): Promise<void> {
    return this.pushed.flush();
  }

  close(): Promise<void> {
    return this.pushed.close();
  }

  /**
   * Resumes the chat the browser names when its token matches (identifiers given again at the handshake are
   * taken as an identify); otherwise a new chat (a stale or forged id gets nothing of the old one).
   */
  async open(auth: WidgetAuth): Promise<WidgetChat> {
    const given = { ...(auth.email ? { email: auth.email } : {}), ...(auth.phone ? { phone: auth.phone } : {}), ...(auth.name ? { name: auth.name } : {}) };
    if (auth.chatId && auth.token) {
      const row = await this.o.db.selectFrom('widget_chats').selectAll().where('id', '=', auth.chatId).executeTakeFirst();
      if (row && timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hash(auth.token)))) {
        const chat: WidgetChat = { id: row.id, token: auth.token, visitor: JSON.parse(row.visitor) as WidgetChat['visitor'] };
        // An unusable email or phone at a reconnect is not a reason to refuse the chat (the identify event names it).
        await this.identify(chat, given).catch((err: unknown) => {
          if (!(err instanceof InputError)) throw err;
        });
        return chat;
      }
    }
    const chat: WidgetChat = { id: `wch_${ulid()}`, token: randomBytes(32).toString('base64url'), visitor: given };
    await this.o.db.insertInto('widget_chats').values({ id: chat.id, token_hash: hash(chat.token), visitor: JSON.stringify(chat.visitor), last_seq: 0, created_at_us: nowMicros() }).execute();
    return chat;
  }

  /**
   * The visitor gives an email, phone or name mid-chat. Kept on the chat (later messages carry it) and, once the
   * chat is on the timeline, written as a `chat.identified` item carrying the chat's id with the new identifiers:
   * the ingest's identity step attaches them to the chat's customer, or merges it with the customer who already
   * has them, like the chat connector's. Returns which fields changed (none: nothing written).
   */
  async identify(chat: WidgetChat, given: WidgetIdentify): Promise<(keyof WidgetIdentify)[]> {
    const changed = (['email', 'phone', 'name'] as const).filter((k) => given[k] !== undefined && given[k] !== chat.visitor[k]);
    if (changed.length === 0) return [];
    const next = { ...chat.visitor, ...given };
    const ref = cleanRef({ ...(next.email ? { email: next.email } : {}), ...(next.phone ? { phone: next.phone } : {}), ...(next.name ? { name: next.name } : {}) }, this.o.defaultRegion);
    const idents = (['email', 'phone'] as const).filter((k) => changed.includes(k));
    for (const k of idents) if (!ref?.[k]) throw new InputError(k, k === 'email' ? 'not an email address' : 'not a phone number');
    await this.o.db.updateTable('widget_chats').set({ visitor: JSON.stringify(next) }).where('id', '=', chat.id).execute();
    chat.visitor = next;
    if (idents.length === 0 || !(await this.whereIs(chat.id))) return changed;
    const what = idents.map((k) => `${k} ${String(ref![k])}`).join(', ');
    const at = new Date().toISOString();
    await this.o.ingest.ingest(WIDGET_ACTOR, [
      {
        source: WIDGET_SOURCE,
        // One item per chat and identifiers given (the same again is a duplicate), short whatever their length.
        sourceEventId: `${chat.id}:identified:${createHash('sha256').update(what).digest('hex').slice(0, 32)}`,
        channel: 'chat',
        type: EVENT_TYPE.chatIdentified,
        occurredAt: at,
        customer: this.customerRef(chat),
        summary: `Chat visitor identified: ${what}`.slice(0, 300),
        data: { conversationId: chat.id, identified: what, via: 'widget' },
      },
    ]);
    return changed;
  }

  async history(chatId: string, afterSeq: number): Promise<WidgetMessage[]> {
    const rows = await this.o.db.selectFrom('widget_messages').selectAll().where('chat_id', '=', chatId).where('seq', '>', afterSeq).orderBy('seq').limit(HISTORY_CAP).execute();
    return rows.map(toWidgetMessage);
  }

  /**
   * A customer message: the timeline item grows and the numbered message is stored in the same ingest
   * transaction (one durable commit; see numberInIngest), so the ack and the agent's copy come after one fsync.
   * A resend answers the stored message.
   */
  async customerSend(chat: WidgetChat, body: WidgetSend): Promise<{ message: WidgetMessage; duplicate: boolean }> {
    const seen = await this.byClientId(chat.id, body.clientId);
    if (seen) return { message: seen, duplicate: true };
    const atUs = nowMicros();
    const author = chat.visitor.name || chat.visitor.email || chat.visitor.phone || 'Visitor';
    const m = { client_id: body.clientId, direction: 'customer', author, text: body.text, at_us: atUs };
    // One lookup for both pushes: reactions to one promise run in the order they were added, so a retraction can
    // never overtake its preview (two lookups could settle in either order, e.g. on two pool connections).
    const located = this.o.push.attached ? this.whereIs(chat.id) : null;
    this.toConsole(located, (customerId) => this.o.push.previewToConsole({ customerId, chatId: chat.id, message: { id: body.clientId, author, role: 'customer', text: body.text, at: iso(atUs) } }));
    return this.withPending(chat.id, m, undefined, () => this.toTimeline(chat.id, this.customerRef(chat), { id: body.clientId, author, role: 'customer', text: body.text, at: iso(atUs) })).catch((err: unknown) => {
      // The console had it as a preview: it goes (a resend of the same clientId previews it again).
      this.toConsole(located, (customerId) => this.o.push.retractFromConsole({ customerId, chatId: chat.id, messageId: body.clientId }));
      throw err;
    });
  }

  /**
   * Early delivery (issue 12): the console sees a visitor's message once validated, while its commit (and fsync) runs;
   * the ack still waits for durability. A lost commit: the page resends the same clientId, the console keeps one per id.
   */
  private toConsole(located: Promise<{ customerId: string } | null> | null, send: (customerId: string) => void): void {
    located?.then((at) => at && send(at.customerId), () => {});
  }

  /**
   * Ingest write hook: numbers and stores the widget messages whose timeline item this batch wrote (created or
   * grown), in the batch's own transaction and savepoint, with their outbox row when they have one. A message
   * already numbered (a resend racing in from another tab or hub) is left alone.
   */
  readonly numberInIngest = async (tx: Tx, outcome: IngestOutcome): Promise<(() => void) | void> => {
    const t = tx.withTables<ConversationTables & OutboundTables & WidgetTables>();
    // Any ingest carries the pushed replies' `sent` states: no commit of their own.
    const afters: (() => void)[] = [];
    const finished = await this.pushed.writeIn(t);
    if (finished) afters.push(finished);
    if (this.pending.size > 0) await this.numberPending(t, outcome, afters);
    if (afters.length > 0) return () => afters.forEach((f) => f());
  };

  private async numberPending(t: WidgetDb, outcome: IngestOutcome, afters: (() => void)[]): Promise<void> {
    for (const item of [...outcome.created, ...(outcome.updated ?? [])]) {
      if (item.source !== WIDGET_SOURCE) continue;
      const waiting = this.pending.get(item.sourceEventId);
      if (!waiting) continue;
      const ids = new Set((Array.isArray(item.data['messages']) ? (item.data['messages'] as { id?: unknown }[]) : []).map((x) => x?.id));
      for (const p of waiting.values()) {
        p.inserted = null;
        if (!ids.has(p.m.client_id)) continue;
        if (await t.selectFrom('widget_messages').select('seq').where('chat_id', '=', item.sourceEventId).where('client_id', '=', p.m.client_id).executeTakeFirst()) continue;
        const message = await this.numberIn(t, item.sourceEventId, p.m);
        const after = p.also ? await p.also(t, message, item) : undefined;
        if (after) afters.push(after);
        p.inserted = message;
      }
    }
  }

  private readonly pending = new Map<string, Map<string, Pending>>();

  /** Runs `write` (an ingest of the chat item) with this message waiting for numberInIngest; falls back to a commit of its own when the ingest did not number it. */
  private async withPending(chatId: string, m: Omit<WidgetMessagesTable, 'chat_id' | 'seq'>, also: Pending['also'], write: () => Promise<unknown>): Promise<{ message: WidgetMessage; duplicate: boolean }> {
    const p: Pending = { m, ...(also ? { also } : {}), inserted: null };
    let waiting = this.pending.get(chatId);
    if (!waiting) this.pending.set(chatId, (waiting = new Map()));
    waiting.set(m.client_id, p);
    try {
      await write();
    } finally {
      waiting.delete(m.client_id);
      if (waiting.size === 0 && this.pending.get(chatId) === waiting) this.pending.delete(chatId);
    }
    if (p.inserted) return { message: p.inserted, duplicate: false };
    // Numbered by someone else meanwhile (another tab or hub), or the item already held the message (an older hub
    // committed the item but not the number): answer the stored one, or number it now.
    const seen = await this.byClientId(chatId, m.client_id);
    if (seen) return { message: seen, duplicate: true };
    return this.append(chatId, m, also ? (tx, message) => also(tx, message, null) : undefined);
  }

  /** The chat a conversation holds, with its customer; null when the conversation has no widget chat. */
  async chatOfConversation(conversationId: string): Promise<{ chatId: string; eventId: string; customerId: string } | null> {
    const r = await this.o.db
      .selectFrom('conversation_items as ci')
      .innerJoin('events as e', 'e.id', 'ci.event_id')
      .select(['e.source_event_id', 'e.id', 'e.customer_id'])
      .where('ci.conversation_id', '=', conversationId)
      .where('e.source', '=', WIDGET_SOURCE)
      .where('e.type', '=', EVENT_TYPE.chatConversation)
      .where('e.source_event_id', 'like', 'wch_%')
      .orderBy('e.occurred_at_us', 'desc')
      .executeTakeFirst();
    return r ? { chatId: r.source_event_id, eventId: r.id, customerId: r.customer_id } : null;
  }

  /** The customer and conversation a chat's item belongs to now (after merges); null before its first message. */
  async whereIs(chatId: string): Promise<{ customerId: string; conversationId: string | null } | null> {
    const r = await this.o.db
      .selectFrom('events as e')
      .leftJoin('conversation_items as ci', 'ci.event_id', 'e.id')
      .select(['e.customer_id', 'ci.conversation_id'])
      .where('e.source', '=', WIDGET_SOURCE)
      .where('e.source_event_id', '=', chatId)
      .executeTakeFirst();
    return r ? { customerId: r.customer_id, conversationId: r.conversation_id ?? null } : null;
  }

  /**
   * An agent's reply: the timeline item grows (idempotent by the message id), then the numbered message and its
   * outbox row commit together; this hub pushes it to the widget right after that commit (the row, leased to its
   * worker, is the fallback: a crash before the push leaves it to the lease's expiry and any hub's worker). The same
   * compose key answers the first result.
   */
  async agentReply(actor: Actor, conversationId: string, body: CreateChatReply): Promise<ChatReplyResult> {
    const key = `${actor.kind === 'user' ? actor.userId : actor.kind}:${body.idempotencyKey}`;
    const clientId = `a-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
    const outboxKey = `widget:${key}`;
    // One read before the commit: the conversation's state, its chat, the visitor and this compose's message if stored already.
    const chat = await readReplyTarget(this.o.db, conversationId, clientId, WIDGET_SOURCE);
    if (!chat) {
      if (!(await this.o.db.selectFrom('conversations').select('id').where('id', '=', conversationId).executeTakeFirst())) throw new NotFoundError('id', `no conversation with id "${conversationId}"`);
      throw new ConflictError('id', 'this conversation has no web chat to answer in');
    }
    const seen = chat.seen ? toWidgetMessage(chat.seen) : null;
    if (seen) return { message: seen, outboxId: (await this.outboxIdOf(outboxKey)) ?? '', duplicate: true };
    if (chat.status === 'closed') throw new ConflictError('id', 'a closed conversation takes no replies: open a new one');
    const author = actor.kind === 'user' ? (actor.name ?? 'Support') : 'Support';
    const atUs = nowMicros();
    const visitor = chat.visitor ? (JSON.parse(chat.visitor) as WidgetChat['visitor']) : {};
    const leased = this.o.outbox.isRunning;
    // Pushed by this hub right after the commit (its lease covers a crash before that); the worker only when no socket server runs here.
    const pushNow = leased && this.o.push.attached;
    const leaseUs = 60_000_000;
    let row: OutboxTable | null = null;
    const also: Pending['also'] = async (tx, m, item) => {
      const customerId = item?.customerId ?? (await tx.selectFrom('events').select(['customer_id']).where('id', '=', chat.eventId).executeTakeFirstOrThrow()).customer_id;
      row = {
        id: `obx_${ulid()}`,
        idempotency_key: outboxKey,
        conversation_id: conversationId,
        customer_id: customerId,
        event_id: item?.id ?? chat.eventId,
        channel: WIDGET_CHANNEL,
        status: leased ? 'sending' : 'queued',
        provider_status: null,
        recipient: chat.chatId,
        sender: 'widget',
        subject: null,
        message_id: clientId,
        provider_id: pushNow ? `seq:${m.seq}` : null,
        payload: JSON.stringify(m),
        attempts: leased ? 1 : 0,
        max_attempts: 8,
        next_attempt_us: atUs,
        lease_owner: leased ? this.o.outbox.owner : null,
        lease_until_us: leased ? atUs + leaseUs : null,
        error_code: null,
        error_text: null,
        created_by: actor.kind === 'user' ? actor.userId : null,
        created_at_us: atUs,
        updated_at_us: atUs,
      };
      await tx.insertInto('outbox_messages').values(row).execute();
      const id = row.id;
      return pushNow ? () => this.pushReply(chat.chatId, id, m) : undefined;
    };
    // The timeline item grows, and the numbered message with its outbox row commit in the same transaction.
    const m = { client_id: clientId, direction: 'agent', author, text: body.text, at_us: atUs };
    // Early delivery: the visitor reads the reply while its commit runs; the agent's 201 still waits for durability.
    // The numbered `widget:message` of the same clientId replaces it; a failed write retracts it (see WidgetPreview).
    if (this.o.push.attached) this.o.push.toWidget(chat.chatId, 'widget:preview', { clientId, from: 'agent', author, text: body.text, at: iso(atUs) });
    const { message, duplicate } = await this.withPending(chat.chatId, m, also, () =>
      this.toTimeline(chat.chatId, this.customerRef({ id: chat.chatId, token: '', visitor }), { id: clientId, author, role: 'agent', text: body.text, at: iso(atUs) }),
    ).catch((err: unknown) => {
      if (this.o.push.attached) this.o.push.toWidget(chat.chatId, 'widget:retract', { clientId });
      throw err;
    });
    const written = row as OutboxTable | null;
    if (!duplicate && written && !pushNow) {
      if (leased) this.o.outbox.adopt(written);
      else this.o.outbox.kick();
    }
    const outboxId = duplicate || !written ? ((await this.outboxIdOf(outboxKey)) ?? '') : written.id;
    return { message, outboxId, duplicate };
  }

  /** Right after the reply's commit (still under the write lock): to the widget now; its `sent` state later, with another write. */
  private pushReply(chatId: string, outboxId: string, m: WidgetMessage): void {
    this.o.push.toWidget(chatId, 'widget:message', m);
    this.pushed.add(outboxId);
  }

  private customerRef(chat: WidgetChat): CustomerRef {
    const ref = cleanRef({ ...(chat.visitor.email ? { email: chat.visitor.email } : {}), ...(chat.visitor.phone ? { phone: chat.visitor.phone } : {}), ...(chat.visitor.name ? { name: chat.visitor.name } : {}) }, this.o.defaultRegion);
    // Always known by this chat too (an anonymous visitor by it alone): an email or phone given later carries the
    // chat's id, so the identity step finds the chat's customer and attaches or merges.
    const widget = { externalIds: { widget: chat.id } };
    return ref && (ref.email || ref.phone) ? { ...ref, ...widget } : { ...(chat.visitor.name ? { name: chat.visitor.name } : {}), ...widget };
  }

  private async toTimeline(chatId: string, customer: CustomerRef, m: { id: string; author: string; role: 'customer' | 'agent'; text: string; at: string }): Promise<void> {
    await this.o.ingest.ingest(
      WIDGET_ACTOR,
      [
        {
          source: WIDGET_SOURCE,
          sourceEventId: chatId,
          channel: 'chat',
          type: EVENT_TYPE.chatConversation,
          occurredAt: m.at,
          customer,
          summary: `${m.author}: ${m.text}`.slice(0, 300),
          data: { conversationId: chatId, visitor: customer, status: 'open', via: 'widget', messages: [m], messageCount: 1, lastMessageAt: m.at },
        },
      ],
      // Both sides had the message as a preview: requests read during this commit go before its fan-out.
      { merge: mergeConversation, previewed: true },
    );
  }

  private async byClientId(chatId: string, clientId: string): Promise<WidgetMessage | null> {
    const r = await this.o.db.selectFrom('widget_messages').selectAll().where('chat_id', '=', chatId).where('client_id', '=', clientId).executeTakeFirst();
    return r ? toWidgetMessage(r) : null;
  }

  private async outboxIdOf(key: string): Promise<string | null> {
    return (await this.o.db.selectFrom('outbox_messages').select('id').where('idempotency_key', '=', key).executeTakeFirst())?.id ?? null;
  }

  /** Numbers the message (the chat row's counter, locked by the UPDATE on PostgreSQL) and stores it, with `also` in the same transaction. */
  private async append(chatId: string, m: Omit<WidgetMessagesTable, 'chat_id' | 'seq'>, also?: (tx: WidgetDb, message: WidgetMessage) => Promise<(() => void) | void>): Promise<{ message: WidgetMessage; duplicate: boolean }> {
    try {
      const { message, after } = await this.o.db.transaction().execute(async (tx) => {
        const out = await this.numberIn(tx, chatId, m);
        return { message: out, after: also ? await also(tx, out) : undefined };
      });
      after?.();
      return { message, duplicate: false };
    } catch (err) {
      // The same message raced in from another tab or hub: the first one stands.
      if (!isUniqueViolation(err)) throw err;
      const seen = await this.byClientId(chatId, m.client_id);
      if (!seen) throw err;
      return { message: seen, duplicate: true };
    }
  }

  private async numberIn(tx: WidgetDb, chatId: string, m: Omit<WidgetMessagesTable, 'chat_id' | 'seq'>): Promise<WidgetMessage> {
    const c = await tx.updateTable('widget_chats').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', chatId).returning('last_seq').executeTakeFirst();
    if (!c) throw new NotFoundError('chatId', 'this chat is gone');
    const row: WidgetMessagesTable = { chat_id: chatId, seq: Number(c.last_seq), ...m };
    await tx.insertInto('widget_messages').values(row).execute();
    return toWidgetMessage(row);
  }
}

/** A widget message waiting for the ingest that carries its timeline item (see WidgetService.numberInIngest). */
interface Pending {
  m: Omit<WidgetMessagesTable, 'chat_id' | 'seq'>;
  /** More writes in the same transaction (an agent reply's outbox row); `item` is the chat item as written, null when numbered on its own. */
  also?: (tx: WidgetDb, message: WidgetMessage, item: TimelineItem | null) => Promise<(() => void) | void>;
  /** Set by the hook when it numbered the message in the ingest's transaction. */
  inserted: WidgetMessage | null;
}
