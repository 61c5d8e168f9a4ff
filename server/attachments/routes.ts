import { z } from 'zod';
import type { RouteContext } from '../feature-module.js';
import { Download, route } from '../route-spec.js';
import type { AttachmentService } from './attachment-service.js';

export const AttachmentParamsSchema = z.object({
  eventId: z.string().min(1, 'eventId is required').max(200, 'eventId is at most 200 characters'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lower-case hex digits'),
});

/** One attachment of one email, as a download (inline `cid:` images are fetched the same way and shown as data: URLs). */
export function attachmentRoutes({ services, connectors }: RouteContext<{ attachments?: AttachmentService }>) {
  const attachments = services.attachments!;
  return [
    route({
      method: 'GET',
      path: '/api/v1/emails/:eventId/attachments/:sha256',
      tags: ['attachments'],
      summary: 'One attachment of an email (Content-Disposition attachment, a safe content type, nosniff); the caller must see the email in full',
      access: { permission: 'customer.read' },
      params: AttachmentParamsSchema,
      response: 'csv',
      errors: ['invalid_request', 'unauthorized', 'forbidden', 'not_found'],
      handler: async ({ actor, params }) => {
        const file = await attachments.open(actor, connectors.attachmentsDir, params.eventId, params.sha256);
        return new Download(file.contentType, file.filename, file.bytes);
      },
    }),
  ];
}
