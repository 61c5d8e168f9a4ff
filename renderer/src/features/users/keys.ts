/** The users feature's react-query keys (admin and lead screens). */
export const userKeys = {
  all: () => ['people'] as const,
  users: () => ['people', 'users'] as const,
  teams: () => ['people', 'teams'] as const,
};
