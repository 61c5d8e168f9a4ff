import type { QueryClient } from '@tanstack/react-query';
import type { AnyRouter } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import type { FeatureModule } from '../features/feature-module.js';
import { useLive } from '../live/live-status.js';

/**
 * Signing out (or an expired session) forgets everything the previous agent saw: react-query for all,
 * each feature's own memory through its `resetOnSignOut`, the live status; then shows the login screen.
 * Returns the unsubscribe.
 */
export function resetOnSignOut(opts: { queryClient: QueryClient; features: readonly FeatureModule[]; router: AnyRouter }): () => void {
  return useSession.subscribe((s, prev) => {
    if (!prev.token || s.token) return;
    opts.queryClient.clear();
    for (const f of opts.features) f.resetOnSignOut?.();
    useLive.getState().reset();
    void opts.router.navigate({ to: '/login', replace: true });
  });
}
