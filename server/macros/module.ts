import { defineModule } from '../feature-module.js';
import { MacroService } from './macro-service.js';
import { macroMigrations } from './migrations.js';
import { macroRoutes } from './routes.js';
import { macroDb } from './tables.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    macros: MacroService;
  }
}

/** Canned responses and macros (issue 12): written by leads, rendered into the composer with the conversation's variables. */
export const macrosModule = defineModule({
  name: 'macros',
  migrations: macroMigrations,
  needs: ['conversations'],
  services: ({ db }) => ({ macros: new MacroService({ db: macroDb(db) }) }),
  routes: ({ services }) => macroRoutes(services.macros!),
});
