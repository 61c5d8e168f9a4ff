/** The inbox feature's react-query keys. */
export const inboxKeys = {
  all: () => ['inbox'] as const,
  lists: () => ['inbox', 'list'] as const,
  list: (viewKey: string) => ['inbox', 'list', viewKey] as const,
  counts: () => ['inbox', 'counts'] as const,
  details: () => ['inbox', 'detail'] as const,
  detail: (id: string) => ['inbox', 'detail', id] as const,
};
