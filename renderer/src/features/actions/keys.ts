/** The next-actions feature's react-query keys. */
export const actionKeys = {
  forCustomer: (customerId: string) => ['actions', customerId] as const,
};
