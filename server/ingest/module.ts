import { defineModule } from '../feature-module.js';
import { SqlIngestService } from './ingest-service.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    ingest: SqlIngestService;
  }
}

/** The events API, `POST /api/v1/events`: an edge route (ingest key, raw bytes kept for dead letters). */
export const ingestModule = defineModule({
  name: 'ingest',
  edgeRoutes: 'events',
  needs: ['customers'],
  services: ({ database, db, dialect, events, config, writeLock, services: { customers } }) => ({
    ingest: new SqlIngestService({
      identifierScopes: config.identifierScopes,
      db,
      dialect,
      defaultRegion: config.defaultRegion,
      events,
      queries: customers,
      writeLock,
      ...(database.writeGate ? { writeGate: database.writeGate } : {}),
      ...(database.raw.dialect === 'sqlite' ? { sqlite: database.raw.sqlite } : {}),
    }),
  }),
});
