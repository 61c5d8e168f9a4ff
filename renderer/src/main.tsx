// First import: configures zod before any shared schema is built.
import './env/zod-csp.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { HubProvider } from './api/HubProvider.js';
import { HubError } from './api/hub-error.js';
import { createHubFetch } from './api/hub-fetch.js';
import { FEATURES } from './app/features.js';
import { createAppRouter } from './app/router.js';
import { resetOnSignOut } from './app/sign-out.js';
import { resolveHubUrl } from './env/bridge.js';
import { useSession } from './features/auth/session-store.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function boot(): Promise<void> {
  const hubUrl = await resolveHubUrl();
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        // Client errors (bad id, expired session) will not fix themselves by retrying.
        retry: (n, err) => !(err instanceof HubError && err.status >= 400 && err.status < 500) && n < 2,
      },
    },
  });
  const hub = createHubFetch({ baseUrl: hubUrl, getToken: () => useSession.getState().token, onUnauthorized: () => useSession.getState().signOut() });
  const router = createAppRouter();
  resetOnSignOut({ queryClient, features: FEATURES, router });

  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <HubProvider hub={hub}>
          <RouterProvider router={router} />
        </HubProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

boot().catch((err: unknown) => {
  root.render(
    <main className="boot-error" role="alert">
      <h1>Omni Console could not start</h1>
      <p>{err instanceof Error ? err.message : String(err)}</p>
    </main>,
  );
});
