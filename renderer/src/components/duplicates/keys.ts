/** react-query keys of the identity panel (kept beside it; the shared keys live in api/query-keys.ts). */
export const identityKeys = {
  duplicates: (id: string) => ['duplicates', id] as const,
  duplicatesAll: () => ['duplicates'] as const,
  audit: (id: string) => ['identity-audit', id] as const,
  auditAll: () => ['identity-audit'] as const,
};
