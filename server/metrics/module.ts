import { defineModule } from '../feature-module.js';
import { LiveEngine } from './live-engine.js';
import { MetricsService } from './metrics-service.js';
import { MetricsStore } from './metrics-store.js';
import { metricsMigrations } from './migrations.js';
import { metricsRoutes } from './routes.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    /** The team-lead floor (the MetricsPort): live figures, intervals, staffing, agents, drill-down. */
    metrics: MetricsService;
    /** Its incremental state and push (tests and the bench drive `tick` and `push`). */
    metricsEngine: LiveEngine;
  }
}

/** The hub's zone for "today" and the 15-minute intervals: OMNI_TIME_ZONE, else the process zone. */
export function floorTimeZone(): string {
  return process.env['OMNI_TIME_ZONE'] || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Floor metrics: after conversations and presence in MODULES (it reads their tables and hears their facts). */
export const metricsModule = defineModule({
  name: 'metrics',
  migrations: metricsMigrations,
  needs: ['presence', 'slaSettings'],
  services: async ({ db, events, onClose, onError, services: { presence, slaSettings } }) => {
    const store = new MetricsStore(db);
    const timeZone = floorTimeZone();
    const nowMs = Date.now;
    // Email's T counts business hours on the queue's calendar (the SLA settings' cache, refreshed by the sweep).
    const metricsEngine = new LiveEngine({ store, events, timeZone, nowMs, onError, calendarFor: (q) => slaSettings.calendarFor(q) });
    await metricsEngine.start();
    const metrics = new MetricsService({ engine: metricsEngine, store, timeZone, nowMs, setPresence: (userId, state) => presence.setFor(userId, state) });
    // Once a second: the other hubs' legs, waiting legs passing T, a new day; settings and side reads less often.
    let ticks = 0;
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      ticks++;
      const work = async () => {
        await metricsEngine.tick();
        if (ticks % 5 === 0) await metricsEngine.reloadSettings();
        if (ticks % 3 === 0) await metrics.refreshSide();
      };
      work()
        .catch(onError)
        .finally(() => (running = false));
    }, 1000);
    timer.unref();
    onClose(() => {
      clearInterval(timer);
      metricsEngine.stop();
    });
    return { metrics, metricsEngine };
  },
  routes: ({ services }) => metricsRoutes(services.metrics!),
});
