/** The connectors feature's react-query keys (admin views). */
export const connectorKeys = {
  status: () => ['connectors', 'status'] as const,
  deadLetters: (status: string) => ['connectors', 'dead-letters', status] as const,
  all: () => ['connectors'] as const,
};
