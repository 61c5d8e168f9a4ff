import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { HubProvider } from '../api/HubProvider.js';
import { createHubFetch, type HubFetch } from '../api/hub-fetch.js';
import { FeatureScreenRoute } from '../app/FeatureScreenRoute.js';
import { FEATURES } from '../app/features.js';
import { CUSTOMER_PATH } from '../features/customers/navigation.js';
import { parseCustomerSearch } from '../features/customers/route-search.js';

/*
 * Renders a piece of the console the way the app does: react-query, the hub fetch core (pointed at a
 * tiny hub) and a router with the console's URLs (memory history), so navigation can be asserted on
 * the URL. The customer route renders nothing here: tests look at the component under test and the URL.
 */
export async function renderRouted(ui: ReactNode, opts: { hubUrl: string; token?: string; path?: string; qc?: QueryClient; hub?: HubFetch }) {
  const qc = opts.qc ?? new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const hub = opts.hub ?? createHubFetch({ baseUrl: opts.hubUrl, getToken: () => opts.token ?? 'tok' });
  const root = createRootRoute({
    component: () => (
      <>
        {ui}
        <Outlet />
      </>
    ),
  });
  const routes = [
    createRoute({ getParentRoute: () => root, path: '/', component: () => null }),
    createRoute({ getParentRoute: () => root, path: CUSTOMER_PATH, validateSearch: parseCustomerSearch, component: () => null }),
    ...FEATURES.flatMap((f) => f.screens ?? []).map((screen) => createRoute({ getParentRoute: () => root, path: screen.path, component: () => <FeatureScreenRoute screen={screen} /> })),
  ];
  const router = createRouter({ routeTree: root.addChildren(routes), history: createMemoryHistory({ initialEntries: [opts.path ?? '/'] }) });
  await router.load();
  const view = render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={hub}>
        <RouterProvider router={router} />
      </HubProvider>
    </QueryClientProvider>,
  );
  return { qc, router, view, pathname: () => router.state.location.pathname, search: () => router.state.location.search as Record<string, unknown> };
}
