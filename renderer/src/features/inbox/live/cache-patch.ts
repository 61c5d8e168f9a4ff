import type { InfiniteData } from '@tanstack/react-query';
import type { Conversation, ConversationPage } from '../../../../../shared/index.js';
import { belongsTo, compareConversations, type InboxViewId } from '../views.js';

export type InboxPages = InfiniteData<ConversationPage, string | null>;

/**
 * One live change applied to one cached view: the row leaves every page, then comes back at its place in
 * the hub's order if it still belongs there. A row that sorts after the last loaded row while more pages
 * exist is left to "Load more" (the keyset cursor will bring it), so nothing shows twice.
 */
export function applyToView(data: InboxPages, c: Conversation, view: InboxViewId, userId: string | null): InboxPages {
  const pages = data.pages.map((p) => ({ ...p, conversations: p.conversations.filter((x) => x.id !== c.id) }));
  if (belongsTo(c, view, userId)) {
    const last = pages[pages.length - 1]!;
    const hasMore = last.nextCursor !== null;
    let placed = false;
    for (const p of pages) {
      const at = p.conversations.findIndex((x) => compareConversations(c, x) < 0);
      if (at >= 0) {
        p.conversations.splice(at, 0, c);
        placed = true;
        break;
      }
    }
    if (!placed && !hasMore) last.conversations.push(c);
  }
  return { ...data, pages };
}
