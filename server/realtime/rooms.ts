/** One room per (survivor) customer id; the edge never broadcasts outside these rooms. */
export const customerRoom = (customerId: string) => `customer:${customerId}`;
export const isCustomerRoom = (room: string) => room.startsWith('customer:');
