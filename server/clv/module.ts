import { defineModule } from '../feature-module.js';
import { RowWriter } from '../storage/row-writer.js';
import { valueMigrations } from './migrations.js';
import { valueRoutes } from './routes.js';
import { ClvService, type ClvServiceOptions } from './service.js';
import type { RawHandle } from '../storage/database-handle.js';
import { subscribeValueRefresh } from './value-refresh.js';

declare module '../feature-module.js' {
  interface ServiceRegistry {
    value: ClvService;
  }
}

/** Customer value and churn risk (BG/NBD + Gamma-Gamma): report, CSV export, refit. */
export const valueModule = defineModule({
  name: 'value',
  migrations: valueMigrations,
  needs: ['customers'],
  services: ({ database, db, events, onError, onClose, services: { customers } }) => {
    const raw = database.raw;
    const value = new ClvService({ db, ...fitReadsFrom(raw), ...(raw.dialect === 'sqlite' ? { writer: new RowWriter(raw.sqlite) } : {}), onError });
    // The profile shows the value figures: the customer reads ask this service.
    customers.valueOf = (actor, id) => value.valueOf(actor, id);
    // Purchase summaries refreshed after commit when purchases, merges or undos touch a customer.
    const stopRefresh = subscribeValueRefresh(events, (ids) => value.touched(ids));
    onClose(async () => {
      stopRefresh();
      await value.close();
    });
    return { value };
  },
  routes: ({ domain }) => valueRoutes(domain),
});

/** Where the fit worker reads the value rows over its own connection: the SQLite file, or the PostgreSQL URL. */
export function fitReadsFrom(raw: RawHandle): Pick<ClvServiceOptions, 'sqliteFile' | 'databaseUrl'> {
  if (raw.dialect === 'sqlite') return { sqliteFile: raw.sqlite.name };
  return raw.url ? { databaseUrl: raw.url } : {};
}
