import { describe, expect, it } from 'vitest';
import { canRetry, failureWords, insertMention, isSettled, mentionChoices, mentionQuery, mentionedIds, statusWord } from './words.js';

const people = [
  { id: 'u1', name: 'Ana Ruiz' },
  { id: 'u2', name: 'Grace Kim' },
  { id: 'u3', name: 'Ann Lee' },
];

describe('composer words', () => {
  it('delivery states read as words, and only texts wait for the carrier', () => {
    expect(statusWord({ status: 'sent', channel: 'email' })).toBe('Sent (accepted by the mail server)');
    expect(statusWord({ status: 'sent', channel: 'sms' })).toBe('Sent, waiting for the carrier');
    expect(statusWord({ status: 'undelivered', channel: 'sms' })).toBe('Not delivered');
    expect(isSettled({ status: 'sent', channel: 'email' })).toBe(true);
    expect(isSettled({ status: 'sent', channel: 'sms' })).toBe(false);
    expect(canRetry({ status: 'failed' })).toBe(true);
    expect(canRetry({ status: 'delivered' })).toBe(false);
  });

  it('a chat answer is settled once sent, and says whether the visitor has it open', () => {
    expect(statusWord({ status: 'sent', channel: 'chat', providerStatus: 'pushed' })).toBe('Sent to the chat');
    expect(statusWord({ status: 'sent', channel: 'chat', providerStatus: 'stored' })).toBe('Sent, shown when the visitor returns');
    expect(isSettled({ status: 'sent', channel: 'chat' })).toBe(true);
    expect(isSettled({ status: 'sending', channel: 'chat' })).toBe(false);
  });

  it('shows the provider’s reason with its code', () => {
    expect(failureWords({ errorCode: '30003', errorText: 'Unreachable destination handset', attempts: 1, nextAttemptAt: null, status: 'undelivered' })).toBe('Unreachable destination handset (error 30003)');
    expect(failureWords({ errorCode: null, errorText: null, attempts: 1, nextAttemptAt: null, status: 'sent' })).toBeNull();
  });

  it('finds the @mention being typed, not an email address', () => {
    expect(mentionQuery('thanks @An', 10)).toBe('An');
    expect(mentionQuery('@', 1)).toBe('');
    expect(mentionQuery('mail ana@shop.com', 17)).toBeNull();
    expect(mentionChoices(people, 'an').map((p) => p.id)).toEqual(['u1', 'u3']);
    expect(mentionChoices(people, 'kim').map((p) => p.id)).toEqual(['u2']);
  });

  it('inserts the full name and reads back who is still mentioned', () => {
    const r = insertMention('ask @gr about it', 7, people[1]!);
    expect(r.text).toBe('ask @Grace Kim  about it');
    expect(r.caret).toBe('ask @Grace Kim '.length);
    expect(mentionedIds('ask @Grace Kim and @Ana Ruiz.', people)).toEqual(['u1', 'u2']);
    expect(mentionedIds('ask @Grace Kimberly', people)).toEqual([]);
  });
});
