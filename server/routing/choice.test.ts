import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL_UNITS } from '../../shared/index.js';
import { byWaitingOrder, chooseAgent, chooseConversation, eligible, smallestUnits, unitsFor, type AgentLoad, type ChoiceContext, type Waiting } from './choice.js';

/* The routing decision on plain values: priority then age, capacity units, relationship first, declines. */

const agent = (userId: string, over: Partial<AgentLoad> = {}): AgentLoad => ({ userId, queues: new Set(['q1']), takesUnqueued: true, usedUnits: 0, capacity: 100, lastOfferedUs: 0, ...over });
const waiting = (id: string, over: Partial<Waiting> = {}): Waiting => ({ id, customerId: `cus_${id}`, queueId: 'q1', channel: 'email', priorityRank: 2, waitingSinceUs: 1_000, ...over });
const ctx = (over: Partial<ChoiceContext> = {}): ChoiceContext => ({ unitsOf: (w) => unitsFor(w.channel, undefined), declined: () => false, lastServedBy: () => null, ...over });

describe('the waiting line', () => {
  it('orders by priority first, then the longest waiting, then id', () => {
    const line = [
      waiting('c', { priorityRank: 2, waitingSinceUs: 100 }),
      waiting('a', { priorityRank: 0, waitingSinceUs: 900 }),
      waiting('b', { priorityRank: 2, waitingSinceUs: 50 }),
      waiting('d', { priorityRank: 2, waitingSinceUs: 50 }),
      waiting('e', { priorityRank: 3, waitingSinceUs: 1 }),
    ];
    expect([...line].sort(byWaitingOrder).map((w) => w.id)).toEqual(['a', 'b', 'd', 'c', 'e']);
  });

  it('pull takes the first of the line the agent may take', () => {
    const line = [waiting('urgent-other-queue', { priorityRank: 0, queueId: 'q2' }), waiting('old', { waitingSinceUs: 10 }), waiting('new', { waitingSinceUs: 20 })];
    expect(chooseConversation(agent('ana'), line, ctx())?.id).toBe('old');
    expect(chooseConversation(agent('ana', { queues: new Set(['q2']) }), line, ctx())?.id).toBe('urgent-other-queue');
  });
});

describe('capacity units', () => {
  it('defaults to voice 100, chat 33, SMS 20, email 10 of 100; a queue may override a channel', () => {
    expect([unitsFor('phone', undefined), unitsFor('chat', undefined), unitsFor('sms', undefined), unitsFor('email', undefined)]).toEqual([100, 33, 20, 10]);
    expect(unitsFor('chat', { chat: 50 })).toBe(50);
    expect(unitsFor('email', { chat: 50 })).toBe(10);
  });

  it('an agent takes work only while it fits: three chats fit (99), a fourth does not; a call needs an empty desk', () => {
    const c = ctx();
    expect(eligible(agent('ana', { usedUnits: 66 }), waiting('chat', { channel: 'chat' }), c)).toBe(true);
    expect(eligible(agent('ana', { usedUnits: 99 }), waiting('chat', { channel: 'chat' }), c)).toBe(false);
    expect(eligible(agent('ana', { usedUnits: 99 }), waiting('mail', { channel: 'email' }), c)).toBe(false);
    expect(eligible(agent('ana', { usedUnits: 90 }), waiting('mail', { channel: 'email' }), c)).toBe(true);
    expect(eligible(agent('ana', { usedUnits: 10 }), waiting('call', { channel: 'phone' }), c)).toBe(false);
    expect(eligible(agent('ana'), waiting('call', { channel: 'phone' }), c)).toBe(true);
  });

  it('pull skips what does not fit and takes the next that does', () => {
    const line = [waiting('call', { channel: 'phone', priorityRank: 0 }), waiting('mail', { channel: 'email' })];
    expect(chooseConversation(agent('ana', { usedUnits: 50 }), line, ctx())?.id).toBe('mail');
    expect(chooseConversation(agent('ana', { usedUnits: 95 }), line, ctx())).toBeNull();
  });
});

describe('choosing the agent', () => {
  it('only members of the queue; conversations without a queue only to roles that take them', () => {
    const agents = [agent('ana', { queues: new Set(['q2']), takesUnqueued: false }), agent('ben', { queues: new Set(['q1']), takesUnqueued: false })];
    expect(chooseAgent(waiting('x'), agents, ctx())?.userId).toBe('ben');
    expect(chooseAgent(waiting('x', { queueId: 'q3' }), agents, ctx())).toBeNull();
    expect(chooseAgent(waiting('x', { queueId: null }), agents, ctx())).toBeNull();
    expect(chooseAgent(waiting('x', { queueId: null }), [...agents, agent('cat', { queues: new Set() })], ctx())?.userId).toBe('cat');
  });

  it('the least loaded first; equally loaded, the one offered work longest ago', () => {
    const agents = [agent('ana', { usedUnits: 40 }), agent('ben', { usedUnits: 20, lastOfferedUs: 500 }), agent('cat', { usedUnits: 20, lastOfferedUs: 100 })];
    expect(chooseAgent(waiting('x'), agents, ctx())?.userId).toBe('cat');
  });

  it('relationship first: the agent who last served the customer, if online with room, even when busier', () => {
    const agents = [agent('ana', { usedUnits: 80 }), agent('ben')];
    const known = ctx({ lastServedBy: (customerId) => (customerId === 'cus_x' ? 'ana' : null) });
    expect(chooseAgent(waiting('x'), agents, known)?.userId).toBe('ana');
    // Not online (absent from the list) or without room: the usual choice.
    expect(chooseAgent(waiting('x'), [agent('ben')], known)?.userId).toBe('ben');
    expect(chooseAgent(waiting('x', { channel: 'chat' }), agents, known)?.userId).toBe('ben');
  });

  it('a declined (or expired) conversation is never offered to that agent again, even by relationship', () => {
    const agents = [agent('ana'), agent('ben', { usedUnits: 50 })];
    const declined = ctx({ declined: (c, u) => c === 'x' && u === 'ana', lastServedBy: () => 'ana' });
    expect(chooseAgent(waiting('x'), agents, declined)?.userId).toBe('ben');
    expect(chooseAgent(waiting('x'), [agent('ana')], declined)).toBeNull();
    expect(chooseConversation(agent('ana'), [waiting('x'), waiting('y', { waitingSinceUs: 9_999 })], declined)?.id).toBe('y');
  });
});

describe('a full agent', () => {
  it('has less room than the smallest units any conversation of their scopes takes (queue overrides count)', () => {
    const min = Math.min(...Object.values(DEFAULT_CHANNEL_UNITS));
    expect(smallestUnits(new Set(['q1']), false, new Map())).toBe(min);
    // A queue where every channel costs at least 25: an agent with 20 units left is full there.
    const dear = new Map([['q1', Object.fromEntries(Object.keys(DEFAULT_CHANNEL_UNITS).map((ch) => [ch, Math.max(25, DEFAULT_CHANNEL_UNITS[ch as keyof typeof DEFAULT_CHANNEL_UNITS])]))]]);
    expect(smallestUnits(new Set(['q1']), false, dear)).toBe(25);
    // Work without a queue takes the defaults again.
    expect(smallestUnits(new Set(['q1']), true, dear)).toBe(min);
    expect(smallestUnits(new Set(), false, dear)).toBe(Infinity);
  });
});
