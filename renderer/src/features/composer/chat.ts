import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import type { WidgetTypingEvent } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { createComposerApi } from './api.js';
import { composerKeys } from './keys.js';

/*
 * The composer's web chat side (issue 12, server/widget): whether a conversation has a visitor's widget chat
 * to answer, the agent's "typing…" sent to that chat, and the visitor's typing heard on the customer's socket.
 */

/** The widget chat behind a chat conversation: its messages, or null when it has none (a chat from another connector). */
export function useWidgetChat(conversationId: string, enabled: boolean) {
  const api = useFeatureApi(createComposerApi);
  return useQuery({ queryKey: composerKeys.chat(conversationId), queryFn: ({ signal }) => api.chatMessages(conversationId, signal), enabled, staleTime: 30_000 });
}

/** The widget repeats "typing" every 2.5 s and shows it for 8 s: one beat every few seconds keeps it on. */
const TYPING_BEAT_MS = 3_000;
/** No keystroke for this long: the visitor no longer sees the agent typing. */
const TYPING_IDLE_MS = 5_000;

/**
 * Throttled "typing…" into the visitor's chat: `onTyping()` on every keystroke sends at most one beat per
 * TYPING_BEAT_MS; a pause, `stop()` (after sending) or leaving the conversation ends it. Off when `enabled` is false.
 */
export function useChatTyping(conversationId: string, enabled: boolean): { onTyping(): void; stop(): void } {
  const api = useFeatureApi(createComposerApi);
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const signal = useMemo(() => {
    const send = (typing: boolean) => void api.chatTyping(conversationId, typing).catch(() => {}); // a lost beat only hides "typing…" sooner
    const stop = () => {
      if (idle.current) clearTimeout(idle.current);
      idle.current = null;
      if (lastSent.current === 0) return;
      lastSent.current = 0;
      send(false);
    };
    return {
      onTyping() {
        if (!enabled) return;
        if (idle.current) clearTimeout(idle.current);
        idle.current = setTimeout(stop, TYPING_IDLE_MS);
        const now = Date.now();
        if (now - lastSent.current < TYPING_BEAT_MS) return;
        lastSent.current = now;
        send(true);
      },
      stop,
    };
  }, [api, conversationId, enabled]);
  useEffect(() => () => signal.stop(), [signal]);
  return signal;
}

/** A visitor's "typing" without a stop (a lost socket, a closed tab) ends by itself after this long. */
const VISITOR_TYPING_TTL_MS = 8_000;

interface VisitorTypingState {
  /** conversationId -> when the visitor last said they were typing (ms). */
  since: Record<string, number>;
  heard(e: WidgetTypingEvent): void;
  reset(): void;
}

/** Fed by the `widget:typing` socket event (customer room: the console watches the customer it shows). */
export const useVisitorTyping = create<VisitorTypingState>()((set) => ({
  since: {},
  heard: (e) => {
    if (!e.conversationId) return;
    const id = e.conversationId;
    set((s) => {
      const since = { ...s.since };
      if (e.typing) since[id] = Date.now();
      else delete since[id];
      return { since };
    });
  },
  reset: () => set({ since: {} }),
}));

/** Whether the visitor of this conversation's chat is typing now (turns false by itself after the TTL). */
export function useVisitorIsTyping(conversationId: string): boolean {
  const at = useVisitorTyping((s) => s.since[conversationId] ?? null);
  const [expired, setExpired] = useState<number | null>(null);
  useEffect(() => {
    if (at === null) return;
    const t = setTimeout(() => setExpired(at), Math.max(0, at + VISITOR_TYPING_TTL_MS - Date.now()));
    return () => clearTimeout(t);
  }, [at]);
  return at !== null && expired !== at;
}
