import { z } from 'zod';
import { EVENT_TYPE, IsoDateTimeSchema, storable, storableCopy, type CustomerRef, type IngestEvent } from '../../../shared/index.js';
import type { MergeItem } from '../../domain.js';
import { parseInput } from '../../errors.js';
import { arr, clip, cleanRef, obj, parseJson, str, type Json } from '../common.js';
import { ConnectorError, type Connector } from '../types.js';

const SOURCE = 'chat';

const MessageSchema = z.object({
  id: z.string().trim().min(1).max(128).optional(),
  author: z.string().trim().min(1).max(256),
  role: z.enum(['customer', 'agent', 'bot']).optional(),
  text: z.string().max(20_000),
  at: IsoDateTimeSchema,
});

/** A transcript or the newest message(s) of a conversation; re-posting grows the same item. */
export const ChatPayloadSchema = z
  .object({
    // Ids and identifiers land in text columns: NUL / lone surrogates are refused naming the field.
    conversationId: storable(z.string().trim().min(1).max(200)),
    visitor: z.object({
      email: storable(z.string().trim().max(320)).optional(),
      phone: storable(z.string().trim().max(64)).optional(),
      name: storable(z.string().trim().max(256)).optional(),
      loyaltyId: storable(z.string().trim().max(128)).optional(),
      externalIds: z.record(storable(z.string().min(1).max(64)), storable(z.string().min(1).max(256))).optional(),
    }),
    status: z.enum(['open', 'waiting', 'closed']).optional(),
    startedAt: IsoDateTimeSchema.optional(),
    messages: z.array(MessageSchema).max(2000).default([]),
  })
  .strict();
export type ChatPayload = z.infer<typeof ChatPayloadSchema>;

type Message = z.infer<typeof MessageSchema>;
const messageKey = (m: Json) => str(m['id']) ?? `${str(m['at'])}|${str(m['author'])}|${String(m['text'] ?? '')}`;
const byTime = (a: Json, b: Json) => String(a['at'] ?? '').localeCompare(String(b['at'] ?? ''));

/** Messages accumulate (by id, else time+author+text); a re-sent message changes nothing. */
export const mergeConversation: MergeItem = (stored, incoming) => {
  const n = incoming.data ?? {};
  const have = arr(stored.data['messages']).map(obj).filter((m): m is Json => Boolean(m));
  const keys = new Set(have.map(messageKey));
  const fresh = arr(n['messages']).map(obj).filter((m): m is Json => Boolean(m) && !keys.has(messageKey(m!)));
  const status = str(n['status']);
  const statusChanged = status !== undefined && status !== stored.data['status'];
  const visitorChanged = JSON.stringify({ ...obj(stored.data['visitor']), ...obj(n['visitor']) }) !== JSON.stringify(obj(stored.data['visitor']) ?? {});
  if (fresh.length === 0 && !statusChanged && !visitorChanged) return null;
  const messages = [...have, ...fresh].sort(byTime);
  const last = messages[messages.length - 1];
  return {
    data: { ...stored.data, ...(status ? { status } : {}), visitor: { ...obj(stored.data['visitor']), ...obj(n['visitor']) }, messages, messageCount: messages.length, lastMessageAt: last?.['at'] },
    summary: last ? clip(`${String(last['author'])}: ${String(last['text'])}`) : stored.summary,
  };
};

export function chatEvent(p: ChatPayload, region: string): IngestEvent {
  const ref = cleanRef(p.visitor, region);
  if (!ref) throw new ConnectorError('invalid_request', 'visitor has no usable identifier (email, phone, loyaltyId or externalIds)', [{ path: 'visitor', message: 'no valid email, phone, loyalty id or external id' }]);
  const messages: Message[] = [...p.messages].sort((a, b) => a.at.localeCompare(b.at));
  const last = messages[messages.length - 1];
  // A status-only update (no messages) of a known conversation keeps its stored start time (upsert).
  const startedAt = p.startedAt ?? messages[0]?.at ?? new Date().toISOString();
  return {
    source: SOURCE,
    sourceEventId: p.conversationId,
    channel: 'chat',
    type: EVENT_TYPE.chatConversation,
    occurredAt: startedAt,
    customer: ref,
    summary: last ? clip(`${last.author}: ${last.text}`) : 'Chat started',
    data: {
      conversationId: p.conversationId,
      visitor: ref,
      status: p.status ?? 'open',
      messages,
      messageCount: messages.length,
      ...(last ? { lastMessageAt: last.at } : {}),
    },
  };
}

const IDENT_KEYS = ['email', 'phone', 'loyaltyId'] as const;

/**
 * An upsert keeps the conversation's first customer, so identifiers a visitor gives later (an
 * email typed mid-chat) would be lost: they travel in a small `chat.identified` event carrying old
 * and new identifiers together, which attaches them (or merges the customers) the usual way.
 */
function identifiedEvent(conversationId: string, stored: Json, now: CustomerRef, at: string): IngestEvent | null {
  const before = obj(stored['visitor']) ?? {};
  const added = IDENT_KEYS.filter((k) => now[k] && now[k] !== before[k]);
  const beforeExt = obj(before['externalIds']) ?? {};
  const addedExt = Object.entries(now.externalIds ?? {}).filter(([k, v]) => beforeExt[k] !== v);
  if (added.length === 0 && addedExt.length === 0) return null;
  const merged = { ...(before as Partial<CustomerRef>), ...now, ...(addedExt.length || Object.keys(beforeExt).length ? { externalIds: { ...(beforeExt as Record<string, string>), ...now.externalIds } } : {}) } as CustomerRef;
  const what = [...added.map((k) => `${k} ${String(now[k])}`), ...addedExt.map(([k, v]) => `${k} ${v}`)].join(', ');
  return {
    source: SOURCE,
    // Cut to the id limit; a surrogate pair split by the cut must not make the id unstorable.
    sourceEventId: storableCopy(`${conversationId}:identified:${what}`.slice(0, 256)),
    channel: 'chat',
    type: EVENT_TYPE.chatIdentified,
    occurredAt: at,
    customer: merged,
    summary: clip(`Chat visitor identified: ${what}`),
    data: { conversationId, identified: what },
  };
}

/** `POST /api/v1/connectors/chat`: one conversation = one timeline item that grows live (upsert). */
export const chatConnector: Connector = {
  name: 'chat',
  async handle(req, ctx) {
    const payload = parseInput(ChatPayloadSchema, parseJson(req.body));
    const event = chatEvent(payload, ctx.settings.defaultRegion);
    const stored = await ctx.domain.connectors.findItem(ctx.actor, SOURCE, payload.conversationId);
    const extra = stored ? identifiedEvent(payload.conversationId, stored.data, event.customer, payload.messages.at(-1)?.at ?? new Date().toISOString()) : null;
    return { events: extra ? [event, extra] : [event], merge: mergeConversation };
  },
};
