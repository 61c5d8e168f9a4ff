import type { QueryClient } from '@tanstack/react-query';
import type { WidgetMessagePreviewEvent, WidgetMessageRetractEvent } from '../../../../../shared/index.js';
import { customerKeys } from '../keys.js';
import type { TimelineData } from './cache-patch.js';

/*
 * A web chat visitor's message shown before the hub's commit is durable (`widget:message-preview`): appended to
 * the loaded chat item's messages unless a message with that id is there already. The item's seq is left alone,
 * so the committed item (same id, higher seq, carrying the same message id) replaces it and nothing shows twice;
 * a message whose commit was lost comes back with the same id when the page sends it again. The appended copy is
 * marked `preview` so a retraction (`widget:message-retract`, the write failed) removes it and never a stored one.
 */
export function applyChatPreview(data: TimelineData, e: WidgetMessagePreviewEvent): TimelineData {
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const idx = page.items.findIndex((i) => i.source === 'chat' && i.sourceEventId === e.chatId);
    if (idx === -1) continue;
    const item = page.items[idx]!;
    const messages = Array.isArray(item.data['messages']) ? (item.data['messages'] as { id?: unknown }[]) : [];
    if (messages.some((m) => m?.id === e.message.id)) return data;
    const items = page.items.slice();
    items[idx] = { ...item, data: { ...item.data, messages: [...messages, { ...e.message, preview: true }], messageCount: messages.length + 1, lastMessageAt: e.message.at } };
    const pages = data.pages.slice();
    pages[p] = { ...page, items };
    return { ...data, pages };
  }
  return data;
}

/** Patches every cached timeline variant of the customer that holds the chat. */
export function applyChatPreviewEvent(qc: QueryClient, e: WidgetMessagePreviewEvent): void {
  for (const [key, data] of qc.getQueriesData<TimelineData>({ queryKey: customerKeys.timelineAll(e.customerId) })) {
    if (!data) continue;
    const next = applyChatPreview(data, e);
    if (next !== data) qc.setQueryData(key, next);
  }
}

/** Drops a preview whose write failed; a stored message of that id (the committed item came first) stays. */
export function applyChatRetract(data: TimelineData, e: WidgetMessageRetractEvent): TimelineData {
  for (let p = 0; p < data.pages.length; p++) {
    const page = data.pages[p]!;
    const idx = page.items.findIndex((i) => i.source === 'chat' && i.sourceEventId === e.chatId);
    if (idx === -1) continue;
    const item = page.items[idx]!;
    const messages = Array.isArray(item.data['messages']) ? (item.data['messages'] as { id?: unknown; preview?: unknown }[]) : [];
    const kept = messages.filter((m) => !(m?.id === e.messageId && m.preview === true));
    if (kept.length === messages.length) return data;
    const items = page.items.slice();
    const count = item.data['messageCount'];
    items[idx] = { ...item, data: { ...item.data, messages: kept, messageCount: typeof count === 'number' ? count - (messages.length - kept.length) : kept.length } };
    const pages = data.pages.slice();
    pages[p] = { ...page, items };
    return { ...data, pages };
  }
  return data;
}

export function applyChatRetractEvent(qc: QueryClient, e: WidgetMessageRetractEvent): void {
  for (const [key, data] of qc.getQueriesData<TimelineData>({ queryKey: customerKeys.timelineAll(e.customerId) })) {
    if (!data) continue;
    const next = applyChatRetract(data, e);
    if (next !== data) qc.setQueryData(key, next);
  }
}
