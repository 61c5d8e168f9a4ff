import { roomKind, rooms } from '../../shared/index.js';

/** One room per (survivor) customer id (shared/rooms.ts names every room kind). */
export const customerRoom = rooms.customer;
export const isCustomerRoom = (room: string) => roomKind(room) === 'customer';
