import { defineModule } from '../feature-module.js';
import { ConversationService } from './conversation-service.js';
import { conversationMigrations } from './migrations.js';
import { conversationRoutes } from './routes.js';
import { conversationSettings } from './settings.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    conversations: ConversationService;
  }
}

/** Conversations (tickets): grouping inside ingest, the inbox API, SLA deadlines on every change. */
export const conversationsModule = defineModule({
  name: 'conversations',
  migrations: conversationMigrations,
  needs: ['customers', 'ingest', 'slaSettings'],
  services: ({ db, dialect, events, writeLock, onClose, services: { customers, ingest, slaSettings } }) => {
    // Deadlines use each queue's own SLA policy and calendar (server/sla stores them per queue).
    const settings = conversationSettings({ policyFor: (q) => slaSettings.policyFor(q), calendarFor: (q) => slaSettings.calendarFor(q) });
    const conversations = new ConversationService({ db, dialect, events, customers, writeLock, settings });
    ingest.addWriteHook(conversations.groupIngested);
    // Merges and undos move conversations between customers (customer-owned-tables registry): tell the inboxes.
    onClose(
      events.subscribe('conversations', {
        'customer.merged': (m) => conversations.announceCustomers([m.intoId]),
        'customer.split': (s) => conversations.announceCustomers([s.fromId, s.restoredId]),
      }),
    );
    return { conversations };
  },
  routes: ({ services }) => conversationRoutes(services.conversations!),
});
