import { defineModule } from '../feature-module.js';
import { RowWriter } from '../storage/row-writer.js';
import { valueMigrations } from './migrations.js';
import { valueRoutes } from './routes.js';
import { ClvService } from './service.js';
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
    const value = new ClvService({ db, ...(database.raw.dialect === 'sqlite' ? { sqliteFile: database.raw.sqlite.name, writer: new RowWriter(database.raw.sqlite) } : {}), onError });
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
