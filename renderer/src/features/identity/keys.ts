/** The identity feature's react-query keys (duplicates, merge audit). */
export const identityKeys = {
  duplicates: (id: string) => ['duplicates', id] as const,
  duplicatesAll: () => ['duplicates'] as const,
  audit: (id: string) => ['identity-audit', id] as const,
  auditAll: () => ['identity-audit'] as const,
};
