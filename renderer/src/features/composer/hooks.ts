import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import type { DraftMode, PutDraft } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { useSession } from '../auth/session-store.js';
import { useTeams } from '../users/hooks.js';
import { createComposerApi, type ComposerMessage } from './api.js';
import { composerKeys } from './keys.js';
import { isSettled, type Person } from './words.js';

/** Replies sent on this conversation with their delivery state: polled quickly while one is still moving. */
export function useReplies(conversationId: string) {
  const api = useFeatureApi(createComposerApi);
  return useQuery({
    queryKey: composerKeys.replies(conversationId),
    queryFn: ({ signal }) => api.replies(conversationId, signal),
    refetchInterval: (q) => ((q.state.data as ComposerMessage[] | undefined)?.some((m) => !isSettled(m)) ? 1_500 : 20_000),
  });
}

export function useNotes(conversationId: string) {
  const api = useFeatureApi(createComposerApi);
  return useQuery({ queryKey: composerKeys.notes(conversationId), queryFn: ({ signal }) => api.notes(conversationId, signal), refetchInterval: 20_000 });
}

export function useMacros(enabled = true) {
  const api = useFeatureApi(createComposerApi);
  return useQuery({ queryKey: composerKeys.macros(), queryFn: ({ signal }) => api.macros(signal), staleTime: 30_000, enabled });
}

export function useRetry(conversationId: string) {
  const api = useFeatureApi(createComposerApi);
  const qc = useQueryClient();
  return useMutation({ mutationFn: (outboxId: string) => api.retry(outboxId), onSettled: () => qc.invalidateQueries({ queryKey: composerKeys.replies(conversationId) }) });
}

/** The saved draft of this mode (null: none); read once per opening, the textarea owns it afterwards. */
export function useSavedDraft(conversationId: string, mode: DraftMode) {
  const api = useFeatureApi(createComposerApi);
  return useQuery({ queryKey: composerKeys.draft(conversationId, mode), queryFn: ({ signal }) => api.draft(conversationId, mode, signal), staleTime: 0, gcTime: 0 });
}

const SAVE_AFTER_MS = 600;

/**
 * Saves the draft on the hub a moment after typing stops (and at once when the composer goes away), so a
 * reload, another conversation or another device finds it. An empty text drops the draft.
 */
export function useDraftAutosave(conversationId: string, mode: DraftMode, draft: PutDraft | null) {
  const api = useFeatureApi(createComposerApi);
  const pending = useRef<PutDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const flush = useMemo(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const d = pending.current;
      pending.current = null;
      if (!d) return;
      void (d.text.trim() === '' ? api.dropDraft(conversationId, mode) : api.saveDraft(conversationId, mode, d)).catch(() => {});
    },
    [api, conversationId, mode],
  );
  useEffect(() => {
    if (draft === null) return;
    pending.current = draft;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_AFTER_MS);
  }, [draft, flush]);
  useEffect(() => flush, [flush]);
  return {
    /** After sending: nothing pending is saved, and the hub's copy goes. */
    discard: () => {
      if (timer.current) clearTimeout(timer.current);
      pending.current = null;
      return api.dropDraft(conversationId, mode).catch(() => {});
    },
  };
}

/** Everyone who can be @mentioned: active members of any team, without me. */
export function useMentionable(): Person[] {
  const teams = useTeams();
  const me = useSession((s) => s.user?.id ?? null);
  return useMemo(() => {
    const people = new Map<string, Person>();
    for (const t of teams.data ?? []) for (const m of t.members) if (m.active && m.id !== me) people.set(m.id, { id: m.id, name: m.name });
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [teams.data, me]);
}
