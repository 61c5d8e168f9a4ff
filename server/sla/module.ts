import { defineModule } from '../feature-module.js';
import { slaMigrations } from './migrations.js';
import { slaRoutes } from './routes.js';
import { SlaSettingsService } from './sla-settings-service.js';
import { SlaSettingsStore } from './sla-settings-store.js';
import { SlaSweep } from './sla-sweep.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    /** Per-queue SLA settings, cached for the synchronous deadline computation (server/conversations reads it). */
    slaSettings: SlaSettingsStore;
    sla: SlaSettingsService;
    slaSweep: SlaSweep;
  }
}

/** SLA settings storage: before conversations in MODULES, which computes deadlines with them. */
export const slaSettingsModule = defineModule({
  name: 'sla-settings',
  migrations: slaMigrations,
  services: async ({ db }) => {
    const slaSettings = new SlaSettingsStore(db);
    await slaSettings.refresh();
    return { slaSettings };
  },
});

/** SLA routes and the sweep (warnings, breaches, snooze wake-ups, closing): after conversations in MODULES. */
export const slaModule = defineModule({
  name: 'sla',
  needs: ['slaSettings', 'conversations'],
  services: ({ db, dialect, events, writeLock, onClose, onError, services: { slaSettings, conversations } }) => {
    const sla = new SlaSettingsService({ db, store: slaSettings, conversations, writeLock });
    const slaSweep = new SlaSweep({ db, dialect, events, writeLock, store: slaSettings, conversations, onError });
    // Started by the hub (server/hub.ts calls domain.slaSweep.start()); tests drive tick() with their own clock.
    onClose(() => slaSweep.stop());
    return { sla, slaSweep };
  },
  routes: ({ services }) => slaRoutes(services.sla!),
});
