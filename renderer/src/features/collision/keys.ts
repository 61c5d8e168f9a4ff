/** The collision feature's react-query keys: one entry per customer, shared by the profile panel and inbox badges. */
export const collisionKeys = {
  all: ['collision'] as const,
  forCustomer: (customerId: string) => ['collision', customerId] as const,
};
