/** The customer-value feature's react-query keys (the per-customer value rides on the profile: customers' keys). */
export const valueKeys = {
  report: (months: number) => ['value-report', months] as const,
};
