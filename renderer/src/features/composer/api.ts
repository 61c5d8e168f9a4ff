import { z } from 'zod';
import {
  DraftSchema,
  NoteListSchema,
  NoteResultSchema,
  ChatReplyResultSchema,
  OutboundMessageSchema,
  ReplyResultSchema,
  type ConversationNote,
  type CreateNote,
  type CreateReply,
  type Draft,
  type DraftMode,
  type PutDraft,
  type ReplyResult,
  type ChatReplyResult,
  type CreateChatReply,
  WidgetMessageSchema,
  type WidgetMessage,
} from '../../../../shared/index.js';
import { MacroListSchema, MacroSchema, RenderedMacroSchema, type Macro, type MacroInput, type RenderedMacro } from '../../../../shared/macros.js';
import { HubError } from '../../api/hub-error.js';
import { jsonBody, seg, type HubFetch } from '../../api/hub-fetch.js';

export type ComposerMessage = z.infer<typeof OutboundMessageSchema>;
export type ComposerChannel = ComposerMessage['channel'];
const ComposerMessageListSchema = z.object({ messages: z.array(OutboundMessageSchema) });

/** Replies, notes, drafts (server/outbound), web chat answers (server/widget) and macros (server/macros). */
export function createComposerApi(hub: HubFetch) {
  const conv = (id: string) => `/api/v1/conversations/${seg(id)}`;
  return {
    replies: async (conversationId: string, signal?: AbortSignal): Promise<ComposerMessage[]> => (await hub.json(ComposerMessageListSchema, `${conv(conversationId)}/replies`, { signal })).messages,
    reply: (conversationId: string, body: CreateReply): Promise<ReplyResult> => hub.json(ReplyResultSchema, `${conv(conversationId)}/replies`, { method: 'POST', ...jsonBody(body) }),
    retry: (outboxId: string): Promise<ComposerMessage> => hub.json(OutboundMessageSchema, `/api/v1/outbox/${seg(outboxId)}/retry`, { method: 'POST' }),
    chatReply: (conversationId: string, body: CreateChatReply): Promise<ChatReplyResult> => hub.json(ChatReplyResultSchema, `${conv(conversationId)}/chat-replies`, { method: 'POST', ...jsonBody(body) }),
    chatTyping: (conversationId: string, typing: boolean): Promise<unknown> => hub.json(z.object({ ok: z.literal(true) }), `${conv(conversationId)}/chat-typing`, { method: 'POST', ...jsonBody({ typing }) }),
    /** The web chat's messages; null when the conversation has no widget chat (409). */
    chatMessages: async (conversationId: string, signal?: AbortSignal): Promise<WidgetMessage[] | null> => {
      try {
        return (await hub.json(z.object({ messages: z.array(WidgetMessageSchema) }), `${conv(conversationId)}/chat-messages`, { signal })).messages;
      } catch (err) {
        if (err instanceof HubError && err.status === 409) return null;
        throw err;
      }
    },
    notes: async (conversationId: string, signal?: AbortSignal): Promise<ConversationNote[]> => (await hub.json(NoteListSchema, `${conv(conversationId)}/notes`, { signal })).notes,
    note: async (conversationId: string, body: CreateNote): Promise<ConversationNote> => (await hub.json(NoteResultSchema, `${conv(conversationId)}/notes`, { method: 'POST', ...jsonBody(body) })).note,
    /** null when there is none (404). */
    draft: async (conversationId: string, mode: DraftMode, signal?: AbortSignal): Promise<Draft | null> => {
      try {
        return await hub.json(DraftSchema, `${conv(conversationId)}/drafts/${mode}`, { signal });
      } catch (err) {
        if (err instanceof HubError && err.status === 404) return null;
        throw err;
      }
    },
    saveDraft: (conversationId: string, mode: DraftMode, body: PutDraft): Promise<Draft> => hub.json(DraftSchema, `${conv(conversationId)}/drafts/${mode}`, { method: 'PUT', ...jsonBody(body) }),
    dropDraft: (conversationId: string, mode: DraftMode): Promise<unknown> => hub.json(z.object({ deleted: z.boolean() }), `${conv(conversationId)}/drafts/${mode}`, { method: 'DELETE' }),
    macros: async (signal?: AbortSignal): Promise<Macro[]> => (await hub.json(MacroListSchema, '/api/v1/macros', { signal })).macros,
    renderMacro: (macroId: string, conversationId: string, values?: Record<string, string>): Promise<RenderedMacro> =>
      hub.json(RenderedMacroSchema, `/api/v1/macros/${seg(macroId)}/render`, { method: 'POST', ...jsonBody({ conversationId, ...(values ? { values } : {}) }) }),
    createMacro: (body: MacroInput): Promise<Macro> => hub.json(MacroSchema, '/api/v1/macros', { method: 'POST', ...jsonBody(body) }),
    updateMacro: (id: string, body: MacroInput): Promise<Macro> => hub.json(MacroSchema, `/api/v1/macros/${seg(id)}`, { method: 'PUT', ...jsonBody(body) }),
    deleteMacro: (id: string): Promise<unknown> => hub.json(z.object({ deleted: z.boolean() }), `/api/v1/macros/${seg(id)}`, { method: 'DELETE' }),
  };
}
export type ComposerApi = ReturnType<typeof createComposerApi>;
