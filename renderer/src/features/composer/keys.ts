import type { DraftMode } from '../../../../shared/index.js';

/** The composer's react-query keys. */
export const composerKeys = {
  replies: (conversationId: string) => ['composer', 'replies', conversationId] as const,
  notes: (conversationId: string) => ['composer', 'notes', conversationId] as const,
  draft: (conversationId: string, mode: DraftMode) => ['composer', 'draft', conversationId, mode] as const,
  chat: (conversationId: string) => ['composer', 'chat', conversationId] as const,
  macros: () => ['composer', 'macros'] as const,
};
