import { defineModule } from '../feature-module.js';
import { AttachmentService } from './attachment-service.js';
import { attachmentRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    attachments: AttachmentService;
  }
}

/** Email attachments: downloads and inline images, read through the email that lists them. No tables: the bytes are files. */
export const attachmentsModule = defineModule({
  name: 'attachments',
  needs: ['pii'],
  services: ({ db, services: { pii } }) => ({ attachments: new AttachmentService(db, pii) }),
  routes: (ctx) => attachmentRoutes(ctx),
});
