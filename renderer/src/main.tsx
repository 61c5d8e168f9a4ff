// First import: configures zod before any shared schema is built.
import './env/zod-csp.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiProvider } from './api/ApiProvider.js';
import { createApiClient } from './api/client.js';
import { HubError } from './api/hub-error.js';
import { resolveHubUrl } from './env/bridge.js';
import { clearLiveBuffer } from './live/live-buffer.js';
import { useLive } from './state/live.js';
import { useSession } from './state/session.js';
import { useUi } from './state/ui.js';
import { App } from './App.js';
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
  const api = createApiClient({ baseUrl: hubUrl, getToken: () => useSession.getState().token, onUnauthorized: () => useSession.getState().signOut() });

  // Signing out (or an expired session) forgets everything the previous agent saw.
  useSession.subscribe((s, prev) => {
    if (prev.token && !s.token) {
      queryClient.clear();
      clearLiveBuffer();
      useUi.getState().reset();
      useLive.getState().reset();
    }
  });

  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={api}>
          <App hubUrl={hubUrl} />
        </ApiProvider>
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
