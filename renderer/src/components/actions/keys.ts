/** react-query key of the next-actions panel (kept beside it; the shared keys live in api/query-keys.ts). */
export const actionsKey = (customerId: string) => ['actions', customerId] as const;
