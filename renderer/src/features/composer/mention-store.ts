import { create } from 'zustand';
import type { MentionCreatedEvent } from '../../../../shared/index.js';

/* Mentions of the signed-in agent as they arrive on the socket: shown as toasts until opened or dismissed. */

const KEEP = 5;

interface MentionState {
  mentions: MentionCreatedEvent[];
  push(m: MentionCreatedEvent): void;
  dismiss(noteId: string): void;
  reset(): void;
}

export const useMentions = create<MentionState>()((set) => ({
  mentions: [],
  push: (m) => set((s) => ({ mentions: [...s.mentions.filter((x) => x.noteId !== m.noteId), m].slice(-KEEP) })),
  dismiss: (noteId) => set((s) => ({ mentions: s.mentions.filter((m) => m.noteId !== noteId) })),
  reset: () => set({ mentions: [] }),
}));

/** The desktop notification (Web Notification API; Electron shows it natively); clicking opens the conversation. */
export function notifyMention(m: MentionCreatedEvent): void {
  if (typeof Notification === 'undefined') return;
  const show = () => {
    try {
      const n = new Notification(`${m.authorName ?? 'A teammate'} mentioned you`, { body: m.excerpt, tag: `mention:${m.noteId}` });
      n.onclick = () => {
        window.focus();
        window.location.hash = `#/conversations/${encodeURIComponent(m.conversationId)}`;
      };
    } catch {
      // A shell that refuses page notifications still shows the toast.
    }
  };
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}
