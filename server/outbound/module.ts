import type { ReplyChannel } from '../../shared/index.js';
import { defineModule } from '../feature-module.js';
import { SmtpEmailSender } from './email-sender.js';
import { outboundMigrations } from './migrations.js';
import { NotesService } from './notes-service.js';
import { OutboxService } from './outbox-service.js';
import { ReplyService } from './reply-service.js';
import { outboundRoutes } from './routes.js';
import type { OutboundSender } from './sender.js';
import { outboundSettings } from './settings.js';
import { TwilioSmsSender } from './sms-sender.js';
import { outDb } from './tables.js';
import { OutboxWorker } from './worker.js';
import { ulid } from '../storage/ids.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    replies: ReplyService;
    outbox: OutboxService;
    notes: NotesService;
    outboxWorker: OutboxWorker;
  }
}

/**
 * Replies on the customer's channel (email over SMTP, SMS over Twilio), internal notes with @mentions and
 * per-agent drafts. Every reply is a timeline item and an outbox row in one ingest transaction; the worker
 * delivers rows under leases (any hub), with backoff, to a final state.
 */
export const outboundModule = defineModule({
  name: 'outbound',
  migrations: outboundMigrations,
  needs: ['ingest', 'conversations', 'privacy'],
  services: ({ db, dialect, events, config, onClose, onError, services: { ingest, privacy } }) => {
    const settings = outboundSettings();
    const senders = new Map<ReplyChannel, OutboundSender>();
    if (settings.smtpUrl) senders.set('email', new SmtpEmailSender(settings.smtpUrl));
    if (settings.twilio && settings.smsFrom) {
      const { publicUrl } = settings;
      senders.set('sms', new TwilioSmsSender({ ...settings.twilio, statusCallbackFor: (id) => (publicUrl ? `${publicUrl}/api/v1/connectors/twilio/messaging?outbox=${encodeURIComponent(id)}` : null) }));
    }
    const d = outDb(db);
    let worker: OutboxWorker | null = null;
    const outbox = new OutboxService({ db: d, ingest, onQueued: () => worker?.kick(), onError });
    worker = new OutboxWorker({ db: d, dialect, senders, settings: settings.worker, owner: `hub_${ulid()}`, onSettled: (ids) => outbox.syncItems(ids), onError });
    const replies = new ReplyService({ db: d, ingest, consent: () => privacy, settings, defaultRegion: config.defaultRegion, canSend: (c) => senders.has(c), onQueued: () => worker.kick() });
    // After grouping (the conversations module's hook ran first): the row lands in the item's own transaction.
    ingest.addWriteHook(replies.writeOutbox);
    const notes = new NotesService({ db: d, events });
    if (settings.worker.enabled) worker.start();
    onClose(async () => {
      await worker.stop();
      for (const s of senders.values()) await s.close?.();
    });
    return { replies, outbox, notes, outboxWorker: worker };
  },
  routes: ({ services }) => outboundRoutes({ replies: services.replies!, outbox: services.outbox!, notes: services.notes! }),
});
