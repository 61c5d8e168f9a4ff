import type { Channel, ConversationStatus } from '../../shared/index.js';
import type { Contact } from './figures.js';

/*
 * How a conversation's changes become contact legs (docs/metrics.md, "Contacts"). A leg starts when the
 * conversation is open, unassigned and so waiting in a queue (created, reopened, pulled back, moved);
 * it is answered when someone takes it (or replies), abandoned when solved or closed before that, and
 * transferred when it moves queue while waiting (a new leg starts in the new queue). Handling ends when
 * the conversation leaves `open` or its agent lets go. Voice legs come from Twilio instead (twilio-legs.ts).
 */

export interface ConversationState {
  id: string;
  customerId: string;
  status: ConversationStatus;
  queueId: string | null;
  assigneeId: string | null;
  /** The conversation's current channel (its latest). */
  channel: Channel;
  createdUs: number;
  firstResponseUs: number | null;
}

export interface LegContext {
  /** The conversation's leg still running (waiting or handling), if any. */
  open: Contact | null;
  /** Whether this conversation had any leg already (a later leg starts now, the first one at creation). */
  hadLegs: boolean;
  nowUs: number;
  newId: () => string;
}

/** Legs changed or started by this state (new objects; the caller stores and folds them). */
export function legTransitions(conv: ConversationState, ctx: LegContext): Contact[] {
  if (conv.channel === 'phone') return []; // calls wait in Twilio's queue: their legs come from its callbacks
  const out: Contact[] = [];
  const now = ctx.nowUs;
  const waitingNow = conv.status === 'open' && conv.assigneeId === null;
  let cur = ctx.open;
  const bump = (c: Contact, patch: Partial<Contact>): Contact => ({ ...c, ...patch, version: c.version + 1 });

  if (cur && cur.answeredUs === null) {
    if (waitingNow && cur.queueId === conv.queueId) return out;
    if (waitingNow) {
      out.push(bump(cur, { outcome: 'transferred', endedUs: now }));
      cur = null;
    } else if (conv.assigneeId !== null) {
      const done = conv.status !== 'open';
      const answered = bump(cur, { outcome: 'answered', answeredUs: now, agentId: conv.assigneeId, ...(done ? { endedUs: now, handleSec: 0 } : {}) });
      out.push(answered);
      return out;
    } else {
      // Left `open` with nobody assigned: a reply since it arrived answered it, otherwise the customer was let go.
      const replied = conv.firstResponseUs !== null && conv.firstResponseUs >= cur.arrivedUs;
      const leaves = conv.status === 'solved' || conv.status === 'closed';
      if (replied) out.push(bump(cur, { outcome: 'answered', answeredUs: Math.min(now, conv.firstResponseUs!), endedUs: now, handleSec: Math.max(0, (now - conv.firstResponseUs!) / 1e6) }));
      else if (leaves) out.push(bump(cur, { outcome: 'abandoned', endedUs: now }));
      else out.push(bump(cur, { outcome: 'abandoned', endedUs: now })); // pending / snoozed unanswered: nobody waits on it now
      return out;
    }
  } else if (cur && cur.endedUs === null) {
    if (conv.status === 'open' && conv.assigneeId !== null) {
      // Reassigned agent to agent while open: the handling continues with the new agent (one leg, one handle time).
      if (conv.assigneeId !== cur.agentId) out.push(bump(cur, { agentId: conv.assigneeId }));
      return out;
    }
    out.push(bump(cur, { endedUs: now, handleSec: Math.max(0, (now - (cur.answeredUs ?? now)) / 1e6) }));
    cur = null;
  }

  if (!cur && waitingNow) {
    out.push({
      id: ctx.newId(),
      conversationId: conv.id,
      callSid: null,
      customerId: conv.customerId,
      queueId: conv.queueId,
      channel: conv.channel,
      arrivedUs: ctx.hadLegs ? now : Math.min(conv.createdUs, now),
      answeredUs: null,
      endedUs: null,
      outcome: 'waiting',
      agentId: null,
      handleSec: null,
      version: 1,
    });
  }
  return out;
}
