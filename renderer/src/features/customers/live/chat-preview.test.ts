import { describe, expect, it } from 'vitest';
import type { TimelineItem, WidgetMessagePreviewEvent } from '../../../../../shared/index.js';
import { replaceItem, type TimelineData } from './cache-patch.js';
import { applyChatPreview, applyChatRetract } from './chat-preview.js';

const chat = (messages: { id: string }[], seq: number): TimelineItem => ({
  id: 'evt_chat',
  customerId: 'c1',
  channel: 'chat',
  type: 'chat.conversation',
  occurredAt: '2026-12-04T10:00:00.000000Z',
  summary: 'Visitor: hi',
  source: 'chat',
  sourceEventId: 'wch_1',
  data: { conversationId: 'wch_1', messages, messageCount: messages.length },
  seq,
});
const data = (item: TimelineItem): TimelineData => ({ pages: [{ items: [item], nextCursor: null }], pageParams: [null] });
const preview = (id: string): WidgetMessagePreviewEvent => ({ customerId: 'c1', chatId: 'wch_1', message: { id, author: 'Visitor', role: 'customer', text: 'where is it?', at: '2026-12-04T10:01:00.000Z' } });
const messageIds = (d: TimelineData) => (d.pages[0]!.items[0]!.data['messages'] as { id: string }[]).map((m) => m.id);

describe('applyChatPreview', () => {
  it('appends a previewed message to the loaded chat item once, and the committed item replaces it without a duplicate', () => {
    const d = data(chat([{ id: 'm1' }], 5));
    const next = applyChatPreview(d, preview('m2'));
    expect(messageIds(next)).toEqual(['m1', 'm2']);
    expect(next.pages[0]!.items[0]!.seq).toBe(5);
    // The same preview again (a resend after a lost commit) changes nothing.
    expect(applyChatPreview(next, preview('m2'))).toBe(next);
    // The committed chat item (higher seq) replaces the previewed copy: each id once.
    expect(messageIds(replaceItem(next, chat([{ id: 'm1' }, { id: 'm2' }], 6)))).toEqual(['m1', 'm2']);
  });

  it('leaves timelines without that chat, and a message already there, alone', () => {
    const d = data(chat([{ id: 'm1' }], 5));
    expect(applyChatPreview(d, preview('m1'))).toBe(d);
    expect(applyChatPreview(d, { ...preview('m3'), chatId: 'wch_other' })).toBe(d);
  });
});

describe('applyChatRetract', () => {
  const retract = (messageId: string) => ({ customerId: 'c1', chatId: 'wch_1', messageId });
  it('drops a preview whose write failed, and its count', () => {
    const previewed = applyChatPreview(data(chat([{ id: 'm1' }], 5)), preview('m2'));
    const next = applyChatRetract(previewed, retract('m2'));
    expect(messageIds(next)).toEqual(['m1']);
    expect(next.pages[0]!.items[0]!.data['messageCount']).toBe(1);
  });

  it('never drops a stored message of that id (the committed item came first) or touches other chats', () => {
    const stored = data(chat([{ id: 'm1' }, { id: 'm2' }], 6));
    expect(applyChatRetract(stored, retract('m2'))).toBe(stored);
    const previewed = applyChatPreview(data(chat([{ id: 'm1' }], 5)), preview('m2'));
    expect(applyChatRetract(previewed, { ...retract('m2'), chatId: 'wch_other' })).toBe(previewed);
  });
});
