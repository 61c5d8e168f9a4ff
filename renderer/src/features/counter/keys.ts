/** react-query keys of counter mode (all under `counter`, removed together when the counter locks). */
export const counterKeys = {
  all: ['counter'] as const,
  settings: () => ['counter', 'settings'] as const,
  profile: (id: string) => ['counter', 'profile', id] as const,
  conversations: (id: string) => ['counter', 'conversations', id] as const,
};
