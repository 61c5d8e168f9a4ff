import { createHashHistory, createRootRoute, createRoute, createRouter, Outlet, redirect, useRouter, type RouterHistory } from '@tanstack/react-router';
import { LoginScreen } from '../features/auth/components/LoginScreen.js';
import { SetPasswordScreen } from '../features/auth/components/SetPasswordScreen.js';
import { useSession } from '../features/auth/session-store.js';
import { landsOnCounter } from '../features/counter/mode.js';
import { CUSTOMER_PATH } from '../features/customers/navigation.js';
import { parseCustomerSearch } from '../features/customers/route-search.js';
import { ConversationScreen } from '../features/inbox/components/ConversationScreen.js';
import { CONVERSATION_PATH, parseConversationSearch } from '../features/inbox/navigation.js';
import { ConsoleLayout } from './ConsoleLayout.js';
import { CustomerScreen } from './CustomerScreen.js';
import { FeatureScreenRoute } from './FeatureScreenRoute.js';
import { FEATURES } from './features.js';
import { HomeScreen } from './HomeScreen.js';

/*
 * The console's URLs. Hash history (`/#/customers/cus_1`): the renderer is built with relative asset URLs
 * (served by any hub, under any path prefix, and loaded by Electron from the hub), so a path-style deep link
 * would resolve its assets under that path; the hash keeps every route on the one index.html.
 * Path-style links still work: the hub answers a browser's GET /customers/:id, /conversations/:id, /inbox, …
 * with a redirect to the same hash route (server/http/renderer.ts), and omni://customers/:id opens the desktop
 * app there (main/deep-link.ts). A merged-away id resolves to its survivor (CustomerScreen follows it, replacing the entry).
 *
 *   /login?redirect=…              sign-in, then on to `redirect` (a deep link opened before login)
 *   /set-password?redirect=…       first sign-in with a one-time password: choose one's own, then on
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

function SetPasswordRoute() {
  const router = useRouter();
  const { redirect: target } = setPasswordRoute.useSearch();
  return <SetPasswordScreen onDone={() => router.history.replace(safeRedirect(target))} />;
}

/** First sign-in with a one-time password: only this screen (and Log out) until the user chooses their own. */
const setPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/set-password',
  validateSearch: (raw: Record<string, unknown>): { redirect?: string } => (typeof raw['redirect'] === 'string' ? { redirect: safeRedirect(raw['redirect']) } : {}),
  beforeLoad: ({ search }) => {
    const s = useSession.getState();
    if (!s.token) throw redirect({ to: '/login', replace: true });
    if (!s.passwordChangeRequired) throw redirect({ href: safeRedirect(search.redirect), replace: true });
  },
  component: SetPasswordRoute,
});

/** Everything behind the session: a link opened signed out goes to login and comes back after. */
const consoleRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'console',
  beforeLoad: ({ location }) => {
    if (!useSession.getState().token) throw redirect({ to: '/login', search: location.href === '/' ? {} : { redirect: location.href }, replace: true });
    if (useSession.getState().passwordChangeRequired) throw redirect({ to: '/set-password', search: location.href === '/' ? {} : { redirect: location.href }, replace: true });
  },
  component: ConsoleLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/',
  // Associates (and whoever chose counter mode on this device) land on the counter.
  beforeLoad: () => {
    if (landsOnCounter(useSession.getState().user)) throw redirect({ href: '/counter', replace: true });
  },
  component: HomeScreen,
});

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

/** One conversation over its customer's timeline (`?customer=` keeps that customer watched live). */
export const conversationRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: CONVERSATION_PATH,
  validateSearch: parseConversationSearch,
  component: ConversationRouteView,
});

function ConversationRouteView() {
  const { conversationId } = conversationRoute.useParams();
  const { customer } = conversationRoute.useSearch();
  return <ConversationScreen key={conversationId} conversationId={conversationId} customerId={customer} customer={(id) => <CustomerScreen customerId={id} search={{}} />} />;
}

const screenRoutes = FEATURES.flatMap((f) => f.screens ?? []).map((screen) =>
  createRoute({ getParentRoute: () => consoleRoute, path: screen.path, component: () => <FeatureScreenRoute screen={screen} /> }),
);

export const routeTree = rootRoute.addChildren([loginRoute, setPasswordRoute, consoleRoute.addChildren([homeRoute, customerRoute, conversationRoute, ...screenRoutes])]);

export function createAppRouter(history: RouterHistory = createHashHistory()) {
  return createRouter({ routeTree, history, defaultPreload: false });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
