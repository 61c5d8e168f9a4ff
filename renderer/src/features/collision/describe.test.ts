import { describe, expect, it } from 'vitest';
import { emptyActivity, type CustomerActivity } from '../../../../shared/index.js';
import { describeActivity, namesInWords } from './describe.js';

const at = '2026-01-12T14:02:00.000Z';
const time = () => '14:02';
const person = (id: string, name: string) => ({ userId: id, name, since: at });

describe('activity in words', () => {
  it('joins names like a person would', () => {
    expect(namesInWords(['Ana Ruiz'])).toBe('Ana Ruiz');
    expect(namesInWords(['Ana Ruiz', 'Ben Ode'])).toBe('Ana Ruiz and Ben Ode');
    expect(namesInWords(['Ana Ruiz', 'Ben Ode', 'Cy Li'])).toBe('Ana Ruiz, Ben Ode and 1 other');
    expect(namesInWords(['Ana Ruiz', 'Ben Ode', 'Cy Li', 'Di Wu'])).toBe('Ana Ruiz, Ben Ode and 2 others');
  });

  it('groups replies per channel, then the call, the store and the viewers; leaves me out', () => {
    const a: CustomerActivity = {
      ...emptyActivity('cus_1'),
      composers: [
        { ...person('u1', 'Grace Kim'), channel: 'email', conversationId: null },
        { ...person('u2', 'Ana Ruiz'), channel: 'email', conversationId: null },
        { ...person('me', 'Me'), channel: 'sms', conversationId: null },
      ],
      viewers: [person('u3', 'Ben Ode'), person('me', 'Me'), person('u1', 'Grace Kim')],
      call: { state: 'ringing', direction: 'inbound', agentName: null, since: at },
      storeVisit: { storeName: null, since: at },
    };
    expect(describeActivity(a, 'me', time).map((l) => l.text)).toEqual(['Grace Kim and Ana Ruiz are replying by email', 'Incoming call ringing since 14:02', 'In a store now', 'Ben Ode is viewing']);
    expect(describeActivity(a, 'me', time).map((l) => l.short)).toEqual(['Grace +1 replying', 'Ringing', 'In store', 'Ben viewing']);
  });

  it('says nothing when only I am on the customer', () => {
    expect(describeActivity({ ...emptyActivity('cus_1'), viewers: [person('me', 'Me')] }, 'me', time)).toEqual([]);
  });

  it('an outbound call without a named agent', () => {
    const a = { ...emptyActivity('c'), call: { state: 'connected' as const, direction: 'outbound' as const, agentName: null, since: at } };
    expect(describeActivity(a, null, time)[0]!.text).toBe('On a call since 14:02');
  });
});
