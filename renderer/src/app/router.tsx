import { createHashHistory, createRootRoute, createRoute, createRouter, Outlet, redirect, useRouter, type RouterHistory } from '@tanstack/react-router';
import { LoginScreen } from '../features/auth/components/LoginScreen.js';
import { useSession } from '../features/auth/session-store.js';
import { CUSTOMER_PATH } from '../features/customers/navigation.js';
import { parseCustomerSearch } from '../features/customers/route-search.js';
import { ConsoleLayout } from './ConsoleLayout.js';
import { CustomerScreen } from './CustomerScreen.js';
import { FeatureScreenRoute } from './FeatureScreenRoute.js';
import { FEATURES } from './features.js';
import { HomeScreen } from './HomeScreen.js';

/*
 * The console's URLs. Hash history (`/#/customers/cus_1`): the renderer is built with relative asset URLs
 * (served by any hub, under any path prefix, and loaded by Electron from the hub), so a path-style deep link
 * would resolve its assets under that path; the hash keeps every route on the one index.html.
 *
 *   /login?redirect=…              sign-in, then on to `redirect` (a deep link opened before login)
 *   /                              the console, no customer open
 *   /customers/$customerId?channels=email,sms
 *   <feature screens>              from app/features.ts: /value, /admin/connectors; later /inbox, /floor, /counter, /users
 */

/** Only an in-app path may be a post-login target (never `//host` or a scheme). */
export function safeRedirect(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\') ? raw : '/';
}

const rootRoute = createRootRoute({ component: Outlet });

function LoginRoute() {
  const router = useRouter();
  const { redirect: target } = loginRoute.useSearch();
  return <LoginScreen onSignedIn={() => router.history.replace(safeRedirect(target))} />;
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (raw: Record<string, unknown>): { redirect?: string } => (typeof raw['redirect'] === 'string' ? { redirect: safeRedirect(raw['redirect']) } : {}),
  beforeLoad: ({ search }) => {
    if (useSession.getState().token) throw redirect({ href: safeRedirect(search.redirect), replace: true });
  },
  component: LoginRoute,
});

/** Everything behind the session: a link opened signed out goes to login and comes back after. */
const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'console',
  beforeLoad: ({ location }) => {
    if (!useSession.getState().token) throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href }, replace: true });
  },
  component: ConsoleLayout,
});

const homeRoute = createRoute({ getParentRoute: () => consoleRoute, path: '/', component: HomeScreen });

export const customerRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: CUSTOMER_PATH,
  validateSearch: parseCustomerSearch,
  component: CustomerRouteView,
});

function CustomerRouteView() {
  const { customerId } = customerRoute.useParams();
  const search = customerRoute.useSearch();
  return <CustomerScreen customerId={customerId} search={search} />;
}

const screenRoutes = FEATURES.flatMap((f) => f.screens ?? []).map((screen) =>
  createRoute({ getParentRoute: () => consoleRoute, path: screen.path, component: () => <FeatureScreenRoute screen={screen} /> }),
);

export const routeTree = rootRoute.addChildren([loginRoute, consoleRoute.addChildren([homeRoute, customerRoute, ...screenRoutes])]);

export function createAppRouter(history: RouterHistory = createHashHistory()) {
  return createRouter({ routeTree, history, defaultPreload: false });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
