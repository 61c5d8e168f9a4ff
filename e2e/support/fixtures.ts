import { test as base } from '@playwright/test';
import { ActionsPanel } from '../pages/actions-panel.js';
import { ConnectorsPage } from '../pages/connectors-page.js';
import { ConsolePage } from '../pages/console-page.js';
import { CustomerPage } from '../pages/customer-page.js';
import { DuplicatesPanel } from '../pages/duplicates-panel.js';
import { LoginPage } from '../pages/login-page.js';
import { ValuePage } from '../pages/value-page.js';
import { E2E_HUB } from './env.js';
import { HubApi } from './hub-api.js';

/*
 * Every spec's entry point: `test` with the page objects and `signIn`, which logs in through the real
 * login screen and waits on the app's own ready signal (`data-omni-ready="console"`: socket connected),
 * never on a sleep. `signIn` is called by the spec (not run before it) so data can be ingested first.
 */

export interface SignInOptions {
  /** A deep link opened signed out (e.g. `/#/customers/cus_1`): login must lead back to it. */
  path?: string;
  as?: Credentials;
}

export interface Credentials {
  email: string;
  password: string;
}

interface Fixtures {
  /** Who `console_` signs in as (default: the e2e admin). Override per file with `test.use({ credentials })`. */
  credentials: Credentials;
  hubApi: HubApi;
  loginPage: LoginPage;
  /** Logs in (as `credentials` unless told otherwise) and returns the ready console. */
  signIn: (opts?: SignInOptions) => Promise<ConsolePage>;
  customer: CustomerPage;
  actionsPanel: ActionsPanel;
  duplicatesPanel: DuplicatesPanel;
  connectorsPage: ConnectorsPage;
  valuePage: ValuePage;
}

export const test = base.extend<Fixtures>({
  credentials: [{ email: E2E_HUB.adminEmail, password: E2E_HUB.adminPassword }, { option: true }],
  hubApi: async ({ request }, use) => use(new HubApi(request)),
  loginPage: async ({ page }, use) => use(new LoginPage(page)),
  signIn: async ({ page, loginPage, credentials }, use) => {
    await use(async (opts = {}) => {
      const who = opts.as ?? credentials;
      await loginPage.open(opts.path);
      await loginPage.loginAs(who.email, who.password);
      const c = new ConsolePage(page);
      await c.ready();
      return c;
    });
  },
  customer: async ({ page }, use) => use(new CustomerPage(page)),
  actionsPanel: async ({ page }, use) => use(new ActionsPanel(page)),
  duplicatesPanel: async ({ page }, use) => use(new DuplicatesPanel(page)),
  connectorsPage: async ({ page }, use) => use(new ConnectorsPage(page)),
  valuePage: async ({ page }, use) => use(new ValuePage(page)),
});

export { expect } from '@playwright/test';
