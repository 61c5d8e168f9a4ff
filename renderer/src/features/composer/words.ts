import type { OutboxStatus } from '../../../../shared/index.js';
import { formatPhone } from '../../lib/format.js';
import type { ComposerChannel, ComposerMessage } from './api.js';

/* What the composer says: delivery states in words, recipients as people read them, @mentions. */

export const CHANNEL_WORD: Record<ComposerChannel, string> = { email: 'Email', sms: 'Text message', chat: 'Web chat' };
/** The send button's words per channel. */
export const SEND_WORD: Record<ComposerChannel, string> = { email: 'Send email', sms: 'Send text message', chat: 'Send to chat' };

const STATUS_WORD: Record<OutboxStatus, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed',
};

/** States after which nothing more will happen by itself. */
export function isSettled(m: Pick<ComposerMessage, 'status' | 'channel'>): boolean {
  // An accepted email is as far as SMTP tells us, a chat answer is in the chat; a text waits for the carrier's delivery report.
  return m.status === 'failed' || m.status === 'undelivered' || m.status === 'delivered' || (m.status === 'sent' && m.channel !== 'sms');
}

export function statusWord(m: Pick<ComposerMessage, 'status' | 'channel'> & { providerStatus?: string | null }): string {
  if (m.status === 'sent' && m.channel === 'email') return 'Sent (accepted by the mail server)';
  // The hub pushes to the open widget ("pushed"); with none open it waits in the chat for the visitor's return ("stored").
  if (m.status === 'sent' && m.channel === 'chat') return m.providerStatus === 'stored' ? 'Sent, shown when the visitor returns' : 'Sent to the chat';
  if (m.status === 'sent') return 'Sent, waiting for the carrier';
  return STATUS_WORD[m.status];
}

/** The provider's reason, readable: "Unreachable destination handset (error 30003)". */
export function failureWords(m: Pick<ComposerMessage, 'errorCode' | 'errorText' | 'attempts' | 'nextAttemptAt' | 'status'>): string | null {
  if (!m.errorCode && !m.errorText) return null;
  const text = m.errorText?.trim() || 'The provider refused it';
  return m.errorCode ? `${text} (error ${m.errorCode})` : text;
}

export const canRetry = (m: Pick<ComposerMessage, 'status'>): boolean => m.status === 'failed' || m.status === 'undelivered';

/** A recipient as people read it: phones formatted, emails as they are, a chat never by its id. */
export const recipientWords = (channel: ComposerChannel, to: string): string => (channel === 'sms' ? formatPhone(to) : channel === 'chat' ? 'the visitor’s chat' : to);

export interface Person {
  id: string;
  name: string;
}

/** The `@partial` being typed just before the caret, or null (an @ inside an email address does not count). */
export function mentionQuery(text: string, caret: number): string | null {
  const m = /(^|\s)@([\p{L}\p{N}.'-]*(?: [\p{L}\p{N}.'-]*)?)$/u.exec(text.slice(0, caret));
  return m ? m[2]! : null;
}

/** People whose name starts with the query (any word of it), at most `limit`. */
export function mentionChoices(people: readonly Person[], query: string, limit = 6): Person[] {
  const q = query.trim().toLowerCase();
  return people.filter((p) => q === '' || p.name.toLowerCase().startsWith(q) || p.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q))).slice(0, limit);
}

/** Replaces the `@partial` before the caret with `@Full Name `; returns the new text and caret. */
export function insertMention(text: string, caret: number, person: Person): { text: string; caret: number } {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  const head = `${before.slice(0, at)}@${person.name} `;
  return { text: head + text.slice(caret), caret: head.length };
}

/** The ids of the people the text still mentions by `@Full Name`. */
export function mentionedIds(text: string, people: readonly Person[]): string[] {
  return people.filter((p) => new RegExp(`(^|\\s)@${p.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(text)).map((p) => p.id);
}
