import { defineModule } from '../feature-module.js';
import { ulid } from '../storage/ids.js';
import { LocalConnections } from './connections.js';
import { IntervalJobs } from './interval-jobs.js';
import { presenceMigrations } from './migrations.js';
import { PresenceService } from './presence-service.js';
import { presenceRoutes } from './routes.js';
import { presenceSettings } from './settings.js';
import { presenceHandlers } from './socket.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    /** Agent presence (the PresencePort: stateOf, online, list, set). */
    presence: PresenceService;
    /** The live connections this hub holds (stamped every heartbeat). */
    presenceConnections: LocalConnections;
  }
}

/** Agent presence: stored per user so every hub agrees; stamped by the hubs holding connections, swept when stale. */
export const presenceModule = defineModule({
  name: 'presence',
  migrations: presenceMigrations,
  services: ({ db, events, onClose, onError }) => {
    const settings = presenceSettings();
    const presence = new PresenceService({ db, events, settings, hubId: `hub_${ulid()}`, now: Date.now });
    const presenceConnections = new LocalConnections(presence, settings, onError);
    if (settings.auto) {
      const jobs = new IntervalJobs(onError);
      jobs.every(settings.heartbeatMs, () => presenceConnections.tick());
      jobs.every(settings.sweepMs, () => presence.sweep());
      onClose(() => jobs.stop());
    }
    return { presence, presenceConnections };
  },
  routes: ({ services }) => presenceRoutes(services.presence!),
  socket: ({ services, log }) => presenceHandlers(services.presence!, services.presenceConnections!, log),
  // Not a namespace of its own: the console's sockets, reached through the adapter (every hub), as realtime's emitEveryone.
  namespaces: ({ io, services }) => services.presence!.showChangesWith((presence) => void io.emit('presence:updated', { presence })),
});
