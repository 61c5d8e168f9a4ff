import type { FeatureModule } from '../feature-module.js';

/** The events API, `POST /api/v1/events`: an edge route (ingest key, raw bytes kept for dead letters). */
export const ingestModule: FeatureModule = { name: 'ingest', edgeRoutes: 'events' };
