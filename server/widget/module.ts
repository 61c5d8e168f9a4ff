import { defineModule } from '../feature-module.js';
import { DEMO_PAGE } from './demo-page.js';
import { ChatWidgetSender, WidgetGateway } from './gateway.js';
import { widgetMigrations } from './migrations.js';
import { attachWidgetNamespace } from './namespace.js';
import { widgetRoutes } from './routes.js';
import { widgetDb } from './tables.js';
import { widgetScript } from './widget-client.js';
import { WidgetService } from './widget-service.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    widget: WidgetService;
    widgetGateway: WidgetGateway;
  }
}

/**
 * The web chat widget (issue 12): a script a shop embeds (/widget/chat.js, demo at /widget/demo), customers on
 * their own socket.io namespace, their messages on the timeline as the chat connector's items, agent replies
 * through the outbox (a sender of its own on the outbound worker).
 */
export const widgetModule = defineModule({
  name: 'widget',
  migrations: widgetMigrations,
  needs: ['ingest', 'outboxWorker'],
  services: ({ db, config, onClose, onError, services: { ingest, outboxWorker } }) => {
    const widgetGateway = new WidgetGateway();
    const widget = new WidgetService({ db: widgetDb(db), ingest, defaultRegion: config.defaultRegion, outbox: outboxWorker, push: widgetGateway, onError });
    // Before the worker stops (later modules close first): pushed replies get their `sent` state.
    onClose(() => widget.close());
    outboxWorker.addSender(new ChatWidgetSender(widgetGateway));
    // A widget message is numbered in the same transaction as its timeline item (one commit per message).
    ingest.addWriteHook(widget.numberInIngest);
    return { widget, widgetGateway };
  },
  routes: ({ services }) => widgetRoutes({ widget: services.widget!, gateway: services.widgetGateway! }),
  namespaces: ({ io, services, log }) => attachWidgetNamespace(io, services.widget!, services.widgetGateway!, log),
  publicAssets: () => [
    { path: '/widget/chat.js', summary: 'The chat widget a shop embeds (one self-contained script)', contentType: 'application/javascript; charset=utf-8', embeddable: true, body: widgetScript },
    { path: '/widget/demo', summary: 'Demo shop page with the chat widget embedded', contentType: 'text/html; charset=utf-8', body: () => DEMO_PAGE },
  ],
});
