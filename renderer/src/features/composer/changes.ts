import type { Conversation, OutboundMessage } from '../../../../shared/index.js';

/* "Changed since you opened": what arrived on a conversation after the agent started writing. */

/** The state the agent started writing against. */
export interface Snapshot {
  customerAt: string | null;
  replyIds: ReadonlySet<string>;
}

/** Something that happened on the conversation after the snapshot. */
export interface Change {
  kind: 'customer' | 'reply';
  /** The colleague who replied (kind reply). */
  by: string | null;
  at: string;
}

export const snapshotOf = (c: Pick<Conversation, 'lastCustomerMessageAt'>, replies: readonly Pick<OutboundMessage, 'id'>[]): Snapshot => ({ customerAt: c.lastCustomerMessageAt, replyIds: new Set(replies.map((m) => m.id)) });

/** A newer customer message, and replies by anyone but me that were not there at the snapshot. */
export function changesSince(s: Snapshot, c: Pick<Conversation, 'lastCustomerMessageAt'>, replies: readonly Pick<OutboundMessage, 'id' | 'createdBy' | 'createdAt'>[], me: string | null): Change[] {
  const out: Change[] = [];
  const at = c.lastCustomerMessageAt;
  if (at && (s.customerAt === null || Date.parse(at) > Date.parse(s.customerAt))) out.push({ kind: 'customer', by: null, at });
  for (const m of replies) if (!s.replyIds.has(m.id) && m.createdBy !== me) out.push({ kind: 'reply', by: m.createdBy, at: m.createdAt });
  return out;
}
