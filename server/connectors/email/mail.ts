import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressObject, ParsedMail } from 'mailparser';
import { EVENT_TYPE, isAcceptedDate, unstorableTextReason, type IngestEvent } from '../../../shared/index.js';
import { normalizeEmail } from '../../identity/normalize.js';
import { clip, cleanRef } from '../common.js';
import { ConnectorError, type ConnectorSettings } from '../types.js';

/*
 * One email -> one timeline item (EmailData shape). Threading: the conversation id is the ROOT
 * of References (else In-Reply-To, else the message's own id), so every reply of a thread shares
 * data.threadId. HTML is kept as sent: untrusted, sanitized and sandboxed at render.
 */

export const SOURCE = 'email';
/** Text/HTML beyond this is cut (a newsletter must not bloat the timeline). */
const MAX_BODY_CHARS = 200_000;

export interface MailAttachment {
  filename?: string | undefined;
  contentType: string;
  content: Buffer;
  inline?: boolean;
  contentId?: string | undefined;
}

/** What the email mapper needs, from mailparser or from SendGrid's parsed fields. */
export interface MailLike {
  from: { address: string; name?: string }[];
  to: string[];
  cc: string[];
  subject?: string;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  date?: Date;
  text?: string;
  html?: string;
  attachments: MailAttachment[];
  autoSubmitted?: string;
}

/**
 * mailparser (and its iconv tables, ~25 MB RSS) is loaded on the first email, not at hub start:
 * most hubs never receive one.
 */
export async function simpleParser(...args: Parameters<typeof import('mailparser').simpleParser>): Promise<ParsedMail> {
  const mailparser = await import('mailparser');
  return mailparser.simpleParser(...args);
}

export async function parseRfc822(raw: Buffer): Promise<MailLike> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (err) {
    throw new ConnectorError('invalid_request', `message could not be parsed as RFC 822: ${err instanceof Error ? err.message : String(err)}`);
  }
  return fromParsed(parsed);
}

export function fromParsed(p: ParsedMail): MailLike {
  const refs = p.references === undefined ? [] : Array.isArray(p.references) ? p.references : p.references.split(/\s+/);
  const auto = p.headers.get('auto-submitted');
  return {
    from: addresses(p.from),
    to: addresses(p.to).map((a) => a.address),
    cc: addresses(p.cc).map((a) => a.address),
    ...(p.subject ? { subject: p.subject } : {}),
    ...(p.messageId ? { messageId: p.messageId } : {}),
    ...(p.inReplyTo ? { inReplyTo: p.inReplyTo.trim().split(/\s+/)[0]! } : {}),
    references: refs.filter((r) => r.trim() !== ''),
    ...(p.date && !Number.isNaN(p.date.getTime()) ? { date: p.date } : {}),
    ...(p.text ? { text: p.text } : {}),
    ...(typeof p.html === 'string' && p.html ? { html: p.html } : {}),
    attachments: p.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      inline: a.related || a.contentDisposition === 'inline',
      contentId: a.contentId,
    })),
    ...(typeof auto === 'string' ? { autoSubmitted: auto } : {}),
  };
}

function addresses(v: AddressObject | AddressObject[] | undefined): { address: string; name?: string }[] {
  const list = v === undefined ? [] : Array.isArray(v) ? v : [v];
  const out: { address: string; name?: string }[] = [];
  const walk = (items: { address?: string | undefined; name?: string; group?: unknown[] }[]) => {
    for (const a of items) {
      if (a.group) walk(a.group as typeof items);
      else if (a.address) out.push({ address: a.address, ...(a.name ? { name: a.name } : {}) });
    }
  };
  for (const obj of list) walk(obj.value);
  return out;
}

/** `<A@B>` -> `<a@b>`: the thread key compares ids, not spellings. */
function msgKey(id: string): string {
  const s = id.trim().toLowerCase();
  return s.startsWith('<') ? s : `<${s}>`;
}

export async function emailEvent(mail: MailLike, raw: Buffer, settings: ConnectorSettings, via: string): Promise<IngestEvent> {
  const sender = mail.from.find((a) => normalizeEmail(a.address));
  if (!sender) {
    const got = mail.from.map((a) => a.address).join(', ') || 'none';
    throw new ConnectorError('invalid_request', `no parseable From address (got ${got})`, [{ path: 'from', message: 'no valid email address in From' }]);
  }
  const ref = cleanRef({ email: sender.address, name: sender.name }, settings.defaultRegion);
  if (!ref) throw new ConnectorError('invalid_request', 'no parseable From address', [{ path: 'from', message: 'no valid email address in From' }]);
  const messageId = mail.messageId ? msgKey(mail.messageId) : undefined;
  // A Message-ID that cannot be stored exactly as an id (NUL, lone surrogate) is not one: the content hash is.
  const usableId = messageId !== undefined && unstorableTextReason(messageId.slice(0, 256)) === null ? messageId : undefined;
  const sourceEventId = usableId ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  const root = mail.references[0] ?? mail.inReplyTo;
  const threadId = root ? msgKey(root) : (messageId ?? sourceEventId);
  const attachments = await storeAttachments(mail.attachments, settings);
  const text = mail.text?.slice(0, MAX_BODY_CHARS);
  const html = mail.html?.slice(0, MAX_BODY_CHARS);
  const subject = mail.subject?.trim() || '(no subject)';
  const bounce = Boolean(mail.autoSubmitted && mail.autoSubmitted !== 'no');
  return {
    source: SOURCE,
    sourceEventId: sourceEventId.slice(0, 256),
    channel: 'email',
    type: bounce ? EVENT_TYPE.emailAuto : EVENT_TYPE.emailReceived,
    // A Date header outside the accepted window (shared/time.ts) is treated like a missing one.
    occurredAt: (mail.date && isAcceptedDate(mail.date) ? mail.date : new Date()).toISOString(),
    customer: ref,
    summary: clip(subject),
    data: {
      direction: 'inbound',
      subject,
      from: sender.name ? `${sender.name} <${sender.address}>` : sender.address,
      to: mail.to,
      ...(mail.cc.length ? { cc: mail.cc } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(html !== undefined ? { html } : {}),
      ...((mail.text?.length ?? 0) > MAX_BODY_CHARS || (mail.html?.length ?? 0) > MAX_BODY_CHARS ? { truncated: true } : {}),
      ...(messageId ? { messageId } : {}),
      ...(mail.inReplyTo ? { inReplyTo: msgKey(mail.inReplyTo) } : {}),
      ...(mail.references.length ? { references: mail.references.map(msgKey) } : {}),
      threadId,
      ...(attachments.length ? { attachments } : {}),
      via,
    },
  };
}

/**
 * Attachments: metadata always; the bytes go to `${attachmentsDir}/<sha256[0..2]>/<sha256>`
 * (content-addressed: no user-chosen file names on disk) when under the size cap.
 */
async function storeAttachments(list: readonly MailAttachment[], settings: ConnectorSettings) {
  const out = [];
  for (const a of list) {
    const sha256 = createHash('sha256').update(a.content).digest('hex');
    const size = a.content.length;
    let stored = false;
    let skipped: string | undefined;
    if (!settings.attachmentsDir) skipped = 'no attachments directory';
    else if (size > settings.maxAttachmentBytes) skipped = `larger than ${settings.maxAttachmentBytes} bytes`;
    else {
      const dir = join(settings.attachmentsDir, sha256.slice(0, 2));
      const file = join(dir, sha256);
      if (!existsSync(file)) {
        await mkdir(dir, { recursive: true });
        await writeFile(file, a.content);
      }
      stored = true;
    }
    out.push({
      filename: (a.filename ?? 'attachment').slice(0, 255),
      contentType: a.contentType,
      size,
      sha256,
      stored,
      ...(skipped ? { skipped } : {}),
      ...(a.inline ? { inline: true } : {}),
      ...(a.contentId ? { contentId: a.contentId } : {}),
    });
  }
  return out;
}
