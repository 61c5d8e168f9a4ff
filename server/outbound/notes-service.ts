import { microsToIso, type Actor, type ConversationNote, type CreateNote, type Draft, type DraftMode, type PutDraft } from '../../shared/index.js';
import { ForbiddenError, InputError, NotFoundError } from '../errors.js';
import type { DomainEventPublisher } from '../events/bus.js';
import { nowMicros } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { NotesTable, OutDb } from './tables.js';

/*
 * Internal notes and per-agent drafts. A note lives in its own table: it has no timeline item, no outbox row
 * and no path to any OutboundSender, so it cannot reach the customer by construction (and a test watches it).
 */

const userOf = (actor: Actor): string => {
  if (actor.kind !== 'user') throw new ForbiddenError('(actor)', 'notes and drafts belong to a signed-in user');
  return actor.userId;
};

export class NotesService {
  constructor(private readonly o: { db: OutDb; events: DomainEventPublisher }) {}

  private async assertConversation(id: string): Promise<void> {
    const c = await this.o.db.selectFrom('conversations').select('id').where('id', '=', id).executeTakeFirst();
    if (!c) throw new NotFoundError('id', `no conversation with id "${id}"`);
  }

  async add(actor: Actor, conversationId: string, body: CreateNote): Promise<{ note: ConversationNote; duplicate: boolean }> {
    const author = userOf(actor);
    const key = `${author}:${body.idempotencyKey}`;
    const first = await this.o.db.selectFrom('conversation_notes').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
    if (first) return { note: await this.toNote(first), duplicate: true };
    await this.assertConversation(conversationId);
    const mentions = [...new Set(body.mentions ?? [])];
    if (mentions.length > 0) {
      const known = new Set((await this.o.db.selectFrom('users').select('id').where('id', 'in', mentions).execute()).map((u) => u.id));
      const i = mentions.findIndex((m) => !known.has(m));
      if (i >= 0) throw new InputError(`mentions[${(body.mentions ?? []).indexOf(mentions[i]!)}]`, `no user with id "${mentions[i]}"`);
    }
    const row: NotesTable = { id: `note_${ulid()}`, idempotency_key: key, conversation_id: conversationId, author_id: author, text: body.text, mentions: JSON.stringify(mentions), created_at_us: nowMicros() };
    // A racing twin with the same key loses on the unique key: answer the winner.
    const r = await this.o.db.insertInto('conversation_notes').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).executeTakeFirst();
    const stored = await this.o.db.selectFrom('conversation_notes').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const note = await this.toNote(stored);
    const fresh = Number(r.numInsertedOrUpdatedRows ?? 0) > 0 && stored.id === row.id;
    if (fresh) {
      const excerpt = body.text.length > 140 ? `${body.text.slice(0, 139)}…` : body.text;
      for (const userId of mentions) {
        if (userId === author) continue;
        this.o.events.publish('mention.created', { userId, mention: { conversationId, noteId: note.id, authorName: note.authorName, excerpt } });
      }
    }
    return { note, duplicate: !fresh };
  }

  async list(conversationId: string): Promise<ConversationNote[]> {
    await this.assertConversation(conversationId);
    const rows = await this.o.db.selectFrom('conversation_notes').selectAll().where('conversation_id', '=', conversationId).orderBy('created_at_us').orderBy('id').limit(500).execute();
    return Promise.all(rows.map((r) => this.toNote(r)));
  }

  private async toNote(r: NotesTable): Promise<ConversationNote> {
    const author = r.author_id ? await this.o.db.selectFrom('users').select('name').where('id', '=', r.author_id).executeTakeFirst() : undefined;
    return { id: r.id, conversationId: r.conversation_id, authorId: r.author_id, authorName: author?.name ?? null, text: r.text, mentions: JSON.parse(r.mentions) as string[], createdAt: microsToIso(r.created_at_us) };
  }

  // ----- drafts: one per (conversation, agent, mode), kept on the hub so reloads and other devices find it -----

  async putDraft(actor: Actor, conversationId: string, mode: DraftMode, body: PutDraft): Promise<Draft> {
    const user = userOf(actor);
    await this.assertConversation(conversationId);
    const now = nowMicros();
    const value = JSON.stringify(body);
    await this.o.db
      .insertInto('compose_drafts')
      .values({ conversation_id: conversationId, user_id: user, mode, body: value, updated_at_us: now })
      .onConflict((oc) => oc.columns(['conversation_id', 'user_id', 'mode']).doUpdateSet({ body: value, updated_at_us: now }))
      .execute();
    return { ...body, conversationId, mode, updatedAt: microsToIso(now) };
  }

  async getDraft(actor: Actor, conversationId: string, mode: DraftMode): Promise<Draft> {
    const user = userOf(actor);
    const r = await this.o.db.selectFrom('compose_drafts').selectAll().where('conversation_id', '=', conversationId).where('user_id', '=', user).where('mode', '=', mode).executeTakeFirst();
    if (!r) throw new NotFoundError('mode', `no ${mode} draft for this conversation`);
    return { ...(JSON.parse(r.body) as PutDraft), conversationId, mode, updatedAt: microsToIso(r.updated_at_us) };
  }

  async deleteDraft(actor: Actor, conversationId: string, mode: DraftMode): Promise<{ deleted: boolean }> {
    const user = userOf(actor);
    const r = await this.o.db.deleteFrom('compose_drafts').where('conversation_id', '=', conversationId).where('user_id', '=', user).where('mode', '=', mode).executeTakeFirst();
    return { deleted: Number(r.numDeletedRows) > 0 };
  }
}
