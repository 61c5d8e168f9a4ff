import { defineModule } from '../feature-module.js';
import { IntervalJobs } from '../presence/interval-jobs.js';
import { routingMigrations } from './migrations.js';
import { RoutingService } from './routing-service.js';
import { routingRoutes } from './routes.js';
import { routingSettings } from './settings.js';
import { routingHandlers } from './socket.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    routing: RoutingService;
  }
}

/**
 * Routing by presence and capacity: offers pushed to online agents, accept/decline/pull, work taken back
 * after the grace period. Every hub sweeps (expiry comes from the stored expires_at, not a timer in one
 * process) and reacts to the facts that let work move.
 */
export const routingModule = defineModule({
  name: 'routing',
  migrations: routingMigrations,
  needs: ['conversations', 'presence'],
  services: ({ db, dialect, events, writeLock, onClose, onError, services: { conversations, presence } }) => {
    const settings = routingSettings();
    const routing = new RoutingService({ db, dialect, events, writeLock, conversations, presence, settings, now: Date.now, onError });
    if (settings.auto) {
      const kick = () => routing.kick();
      const stopFacts = events.subscribe('routing', {
        'conversation.updated': kick,
        'presence.changed': kick,
        'routing.offer-ended': kick,
      });
      const jobs = new IntervalJobs(onError);
      jobs.every(settings.sweepMs, () => routing.sweep());
      onClose(async () => {
        stopFacts();
        await jobs.stop();
      });
    }
    onClose(async () => {
      await routing.stop();
    });
    return { routing };
  },
  routes: ({ services }) => routingRoutes(services.routing!),
  socket: ({ services, log }) => routingHandlers(services.routing!, log),
});
