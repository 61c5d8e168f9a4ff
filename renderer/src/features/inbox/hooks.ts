import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Conversation, ConversationPatch } from '../../../../shared/index.js';
import { useFeatureApi } from '../../api/HubProvider.js';
import { useSession } from '../auth/session-store.js';
import { useTeams } from '../users/hooks.js';
import { createInboxApi } from './api.js';
import { inboxKeys } from './keys.js';
import { queryOf, viewKey, type InboxViewId } from './views.js';
import { inboxLive } from './live/handlers.js';

export function useInboxPages(view: InboxViewId) {
  const api = useFeatureApi(createInboxApi);
  return useInfiniteQuery({
    queryKey: inboxKeys.list(viewKey(view)),
    queryFn: ({ pageParam, signal }) => api.list(queryOf(view), pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useInboxCounts() {
  const api = useFeatureApi(createInboxApi);
  return useQuery({ queryKey: inboxKeys.counts(), queryFn: ({ signal }) => api.counts(signal) });
}

export function useConversation(id: string) {
  const api = useFeatureApi(createInboxApi);
  return useQuery({ queryKey: inboxKeys.detail(id), queryFn: ({ signal }) => api.get(id, signal) });
}

/** Changes one or several conversations; the answer goes into the caches the way a live event would. */
export function useConversationChange() {
  const api = useFeatureApi(createInboxApi);
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, patch }: { ids: readonly string[]; patch: ConversationPatch }): Promise<Conversation[]> =>
      ids.length === 1 ? api.patch(ids[0]!, patch).then((c) => [c]) : api.bulk(ids, patch),
    onSuccess: (changed) => {
      const ctx = { qc, view: () => ({ customerId: null, channels: [] }), follow: () => undefined };
      for (const conversation of changed) inboxLive['conversation:updated']?.({ conversation }, ctx);
      void qc.invalidateQueries({ queryKey: inboxKeys.counts() });
    },
  });
}

export interface Teammate {
  id: string;
  name: string;
}

/** My queues (teams I belong to) and the people in them: names for assignees, choices for "assign to". */
export function useDirectory() {
  const teams = useTeams();
  const me = useSession((s) => s.user);
  return useMemo(() => {
    const people = new Map<string, Teammate>();
    if (me) people.set(me.id, { id: me.id, name: me.name });
    const mine = (teams.data ?? []).filter((t) => t.members.some((m) => m.id === me?.id));
    for (const t of teams.data ?? []) for (const m of t.members) if (m.active && !people.has(m.id)) people.set(m.id, { id: m.id, name: m.name });
    const queueName = new Map((teams.data ?? []).map((t) => [t.id, t.name]));
    /** Teammates: people sharing one of my queues (everyone listed when I am in none). */
    const shared = new Set((mine.length > 0 ? mine : (teams.data ?? [])).flatMap((t) => t.members.filter((m) => m.active).map((m) => m.id)));
    return {
      myQueues: mine.map((t) => ({ id: t.id, name: t.name })),
      queues: (teams.data ?? []).map((t) => ({ id: t.id, name: t.name })),
      teammates: [...people.values()].filter((p) => shared.has(p.id) && p.id !== me?.id).sort((a, b) => a.name.localeCompare(b.name)),
      nameOf: (userId: string | null): string | null => (userId === null ? null : userId === me?.id ? 'You' : (people.get(userId)?.name ?? 'a teammate')),
      queueNameOf: (queueId: string | null): string | null => (queueId === null ? null : (queueName.get(queueId) ?? 'another queue')),
      me,
    };
  }, [teams.data, me]);
}
