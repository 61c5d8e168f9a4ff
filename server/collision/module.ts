import { ACTIVITY_SWEEP_MS } from '../../shared/index.js';
import { defineModule } from '../feature-module.js';
import { CustomerActivityService } from './activity-service.js';
import { collisionMigrations } from './migrations.js';
import { activityRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    activity: CustomerActivityService;
  }
}

/** Collision on the customer: who is viewing or replying, a live call, a store visit; shared by every hub on the database. */
export const collisionModule = defineModule({
  name: 'collision',
  migrations: collisionMigrations,
  needs: ['customers'],
  services: ({ db, events, onClose, onError, services: { customers } }) => {
    const activity = new CustomerActivityService({ db, events, resolveId: (actor, id) => customers.resolveId(actor, id) });
    onClose(events.subscribe('collision', { 'event.created': ({ items }) => activity.onTimeline(items), 'event.updated': ({ items }) => activity.onTimeline(items) }));
    // Every hub sweeps: a signal whose hub died still disappears (each expired row is deleted, and announced, once).
    let closed = false;
    const timer = setInterval(() => activity.sweep().catch((err: unknown) => !closed && onError(err)), ACTIVITY_SWEEP_MS);
    timer.unref();
    onClose(() => {
      closed = true;
      clearInterval(timer);
    });
    return { activity };
  },
  routes: ({ services }) => activityRoutes(services.activity!),
});
