import { ConnectorError, type Connector } from '../types.js';
import { emailEvent, fromParsed, parseRfc822, simpleParser, type MailAttachment, type MailLike } from './mail.js';
import { decodeText, parseMultipart, type Part } from './multipart.js';

/**
 * `POST /api/v1/connectors/sendgrid`: SendGrid Inbound Parse. Raw mode sends the whole MIME
 * message in the `email` field (parsed like the email connector); parsed mode sends headers,
 * text, html, from, to, subject, charsets and attachmentN files as separate fields.
 */
export const sendgridConnector: Connector = {
  name: 'sendgrid',
  async handle(req, ctx) {
    const parts = parseMultipart(req.body, req.contentType);
    const field = (name: string) => parts.find((p) => p.name === name);
    const raw = field('email');
    if (raw) {
      const mail = await parseRfc822(raw.data);
      return { events: [await emailEvent(mail, raw.data, ctx.settings, 'sendgrid-raw')] };
    }
    if (!field('from') && !field('headers')) {
      throw new ConnectorError('invalid_request', 'not an Inbound Parse payload: expected an `email` field (raw mode) or `headers`/`from` fields (parsed mode)', [{ path: 'email', message: 'missing' }]);
    }
    const mail = await parsedMode(parts);
    return { events: [await emailEvent(mail, req.body, ctx.settings, 'sendgrid-parsed')] };
  },
};

async function parsedMode(parts: Part[]): Promise<MailLike> {
  const charsets = jsonField<Record<string, string>>(parts, 'charsets') ?? {};
  const text = (name: string) => {
    const p = parts.find((x) => x.name === name);
    return p ? decodeText(p.data, charsets[name]) : undefined;
  };
  // The `headers` field is the original header block: parse it for ids, threading and date.
  const headerBlock = text('headers') ?? '';
  const fromHeaders = fromParsed(await simpleParser(`${headerBlock.trim()}\r\n\r\n`));
  const fromField = text('from');
  const fromFieldParsed = fromField ? fromParsed(await simpleParser(`From: ${fromField.trim()}\r\n\r\n`)).from : [];
  const info = jsonField<Record<string, { filename?: string; name?: string; type?: string; 'content-id'?: string }>>(parts, 'attachment-info') ?? {};
  const attachments: MailAttachment[] = parts
    .filter((p) => /^attachment\d+$/.test(p.name))
    .map((p) => {
      const meta = info[p.name];
      return {
        filename: meta?.filename ?? meta?.name ?? p.filename,
        contentType: meta?.type ?? p.contentType ?? 'application/octet-stream',
        content: p.data,
        ...(meta?.['content-id'] ? { inline: true, contentId: meta['content-id'] } : {}),
      };
    });
  const subject = text('subject') ?? fromHeaders.subject;
  const bodyText = text('text');
  const html = text('html');
  return {
    ...fromHeaders,
    from: fromFieldParsed.length ? fromFieldParsed : fromHeaders.from,
    to: fromHeaders.to.length ? fromHeaders.to : (text('to') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    ...(subject ? { subject } : {}),
    ...(bodyText ? { text: bodyText } : {}),
    ...(html ? { html } : {}),
    attachments,
  };
}

function jsonField<T>(parts: Part[], name: string): T | undefined {
  const p = parts.find((x) => x.name === name);
  if (!p) return undefined;
  try {
    return JSON.parse(p.data.toString('utf8')) as T;
  } catch {
    return undefined;
  }
}
