import { Suspense, useCallback } from 'react';
import { Navigate, useRouter } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import type { FeatureScreen } from '../features/feature-module.js';
import { ScreenDialog } from '../ui/ScreenDialog.js';
import { HomeScreen } from './HomeScreen.js';
import { canOpen } from './ScreenLinks.js';

/** A feature screen at its own URL; closing goes back to where the user came from (home after a deep link). */
export function FeatureScreenRoute({ screen }: { screen: FeatureScreen }) {
  const router = useRouter();
  const role = useSession((s) => s.user?.role);
  const close = useCallback(() => {
    if (router.history.canGoBack()) router.history.back();
    else void router.navigate({ to: '/' });
  }, [router]);
  if (!canOpen(screen, role)) return <Navigate to="/" replace />;
  const { Screen } = screen;
  if (screen.presentation === 'page') {
    return (
      <Suspense fallback={<p className="screen-loading">Loading…</p>}>
        <Screen onClose={close} />
      </Suspense>
    );
  }
  // A dialog screen opened by URL has no screen of its own beneath it: the home view fills the workspace.
  return (
    <>
      <HomeScreen />
      <ScreenDialog label={screen.label} overlayClass={screen.overlayClass ?? ''} onClose={close}>
        <Screen onClose={close} />
      </ScreenDialog>
    </>
  );
}
