import { describe, expect, it } from 'vitest';
import { isAnsweredCall, isClosedChatStatus } from './event-types.js';

describe('conversation-state words of the event vocabulary', () => {
  it('a chat is over when its status is resolved or closed, in any case', () => {
    expect(isClosedChatStatus('Resolved')).toBe(true);
    expect(isClosedChatStatus('closed')).toBe(true);
    expect(isClosedChatStatus('open')).toBe(false);
    expect(isClosedChatStatus('closed later')).toBe(false);
    expect(isClosedChatStatus(undefined)).toBe(false);
  });

  it('a call is answered unless its outcome (or, without one, its type) says nobody picked up', () => {
    expect(isAnsweredCall('call.inbound', 'completed')).toBe(true);
    expect(isAnsweredCall('call.inbound', 'voicemail')).toBe(false);
    expect(isAnsweredCall('call.inbound', undefined)).toBe(true);
    expect(isAnsweredCall('call.missed', undefined)).toBe(false);
    expect(isAnsweredCall('call.busy', undefined)).toBe(false);
    expect(isAnsweredCall('call.missed', 'completed')).toBe(true);
    expect(isAnsweredCall('call.missed_later', undefined)).toBe(true);
  });
});
