import { readFile } from 'node:fs/promises';
import type { Actor } from '../../shared/index.js';
import type { PiiAccess } from '../customers/pii/pii-access.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { attachmentPath } from '../privacy/export.js';
import type { Db } from '../storage/schema.js';
import { safeContentType } from './safe-content-type.js';

/*
 * Email attachments as the console downloads them or shows them inline (`cid:` images). A file is
 * reached only through the email event that lists it: the caller must see that email's body in full
 * (the same rule that hides `attachments` from a masked timeline item), and the sha256 must be one the
 * event names. The bytes live content-addressed under the attachments directory (server/connectors/email/mail.ts).
 */

export interface AttachmentFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

interface ListedAttachment {
  filename?: unknown;
  contentType?: unknown;
  sha256?: unknown;
  stored?: unknown;
  skipped?: unknown;
}

export class AttachmentService {
  constructor(
    private readonly db: Db,
    private readonly pii: PiiAccess,
  ) {}

  /** `dir`: the attachments directory (connector settings); unset means no file was ever kept. */
  async open(actor: Actor, dir: string | undefined, eventId: string, sha256: string): Promise<AttachmentFile> {
    const row = await this.db.selectFrom('events').select(['customer_id', 'channel', 'data']).where('id', '=', eventId).executeTakeFirst();
    if (!row || row.channel !== 'email') throw new NotFoundError('eventId', `no email with id "${eventId}"`);
    const full = await this.pii.fullAccess(actor, [row.customer_id]);
    if (!full.has(row.customer_id)) throw new ForbiddenError('eventId', 'attachments are hidden until this customer’s contact details are revealed');
    const listed = attachmentsOf(row.data).find((a) => a.sha256 === sha256);
    if (!listed) throw new NotFoundError('sha256', 'this email has no such attachment');
    if (listed.stored !== true || !dir) {
      const why = typeof listed.skipped === 'string' ? ` (${listed.skipped})` : '';
      throw new NotFoundError('sha256', `the attachment was not kept${why}`);
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(attachmentPath(dir, sha256));
    } catch {
      // Erased with its customer, or the directory was moved: gone, not a server fault.
      throw new NotFoundError('sha256', 'the attachment file is no longer held');
    }
    return {
      filename: typeof listed.filename === 'string' ? listed.filename : 'attachment',
      contentType: safeContentType(typeof listed.contentType === 'string' ? listed.contentType : undefined),
      bytes,
    };
  }
}

function attachmentsOf(dataJson: string): ListedAttachment[] {
  try {
    const data = JSON.parse(dataJson) as { attachments?: unknown };
    return Array.isArray(data.attachments) ? (data.attachments.filter((a) => a && typeof a === 'object') as ListedAttachment[]) : [];
  } catch {
    return [];
  }
}
