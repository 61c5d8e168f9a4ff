import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../../../shared/index.js';
import { applyToView, type InboxPages } from './cache-patch.js';
import { testConversation } from '../../../../../shared/testing/conversation.js';

const base: Conversation = testConversation({ id: 'c0', customerId: 'cus' });
const conv = (id: string, due: string | null, extra: Partial<Conversation> = {}): Conversation => ({ ...base, id, nextDueAt: due, ...extra });
const pages = (...lists: [Conversation[], string | null][]): InboxPages => ({ pages: lists.map(([conversations, nextCursor]) => ({ conversations, nextCursor })), pageParams: lists.map(() => null) });
const ids = (d: InboxPages) => d.pages.map((p) => p.conversations.map((c) => c.id));

describe('live inbox cache', () => {
  const a = conv('a', '2026-03-02T10:00:00Z');
  const c = conv('c', '2026-03-02T12:00:00Z');
  const unassigned = { kind: 'unassigned' } as const;

  it('inserts a new row at its place in the order (nearest deadline first)', () => {
    const b = conv('b', '2026-03-02T11:00:00Z');
    expect(ids(applyToView(pages([[a, c], null]), b, unassigned, 'u1'))).toEqual([['a', 'b', 'c']]);
  });

  it('moves a row whose deadline changed, and removes one that no longer belongs', () => {
    const later = { ...a, nextDueAt: '2026-03-02T13:00:00Z' };
    expect(ids(applyToView(pages([[a, c], null]), later, unassigned, 'u1'))).toEqual([['c', 'a']]);
    const taken = { ...a, assigneeId: 'u1' };
    expect(ids(applyToView(pages([[a, c], null]), taken, unassigned, 'u1'))).toEqual([['c']]);
    expect(ids(applyToView(pages([[a, c], null]), taken, { kind: 'mine' }, 'u1'))).toEqual([['a', 'c']]);
    const solved = { ...c, status: 'solved' as const };
    expect(ids(applyToView(pages([[a, c], null]), solved, unassigned, 'u1'))).toEqual([['a']]);
  });

  it('leaves a row past the loaded end to "load more" when more pages exist', () => {
    const z = conv('z', null);
    expect(ids(applyToView(pages([[a, c], 'cursor']), z, unassigned, 'u1'))).toEqual([['a', 'c']]);
    expect(ids(applyToView(pages([[a, c], null]), z, unassigned, 'u1'))).toEqual([['a', 'c', 'z']]);
  });

  it('ties on the deadline go by priority, then age', () => {
    const urgent = conv('u', null, { priority: 'urgent' });
    const old = conv('o', null, { createdAt: '2026-03-01T00:00:00Z' });
    expect(ids(applyToView(pages([[conv('n', null)], null]), urgent, unassigned, null))).toEqual([['u', 'n']]);
    expect(ids(applyToView(pages([[conv('n', null)], null]), old, unassigned, null))).toEqual([['o', 'n']]);
  });
});
