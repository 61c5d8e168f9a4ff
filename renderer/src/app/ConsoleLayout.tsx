import { useEffect, type MouseEvent } from 'react';
import { Outlet, useRouter } from '@tanstack/react-router';
import { OpenCustomerEventSchema } from '../../../shared/index.js';
import { useFeatureApi, useHub } from '../api/HubProvider.js';
import { getBridge } from '../env/bridge.js';
import { createAuthApi, logOut } from '../features/auth/api.js';
import { UserMenu } from '../features/auth/components/UserMenu.js';
import { useSession } from '../features/auth/session-store.js';
import { CommandPalette } from '../features/customers/components/CommandPalette.js';
import { RecentCustomers } from '../features/customers/components/RecentCustomers.js';
import { seenSeq } from '../features/customers/live/live-buffer.js';
import { followCustomer, useCustomerNavigation, useOpenCustomerId, viewOfRouter } from '../features/customers/navigation.js';
import { usePalette } from '../features/customers/palette-store.js';
import { useReveals } from '../features/customers/reveal-store.js';
import { useLive } from '../live/live-status.js';
import { useLiveSync } from '../live/use-live-sync.js';
import { BrandMark } from '../ui/BrandMark.js';
import { LiveIndicator } from '../ui/LiveIndicator.js';
import { FEATURES } from './features.js';
import { ScreenLinks } from './ScreenLinks.js';

const LIVE_HANDLERS = FEATURES.flatMap((f) => (f.live ? [f.live] : []));
const SHELL_PARTS = FEATURES.flatMap((f) => (f.shellParts ?? []).map((p, i) => ({ ...p, key: `${f.name}-${i}` })));

function skipToWorkspace(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  document.getElementById('workspace')?.focus();
}

/** The signed-in console: one instance per session (a new token starts from a clean slate). */
export function ConsoleLayout() {
  const token = useSession((s) => s.token);
  // Signed out: app/sign-out.ts is taking the user to the login screen.
  return token ? <ConsoleShell key={token} token={token} /> : null;
}

/** Top bar, recent customers, the routed workspace (customer, home or a feature screen), the palette. */
function ConsoleShell({ token }: { token: string }) {
  const router = useRouter();
  const hub = useHub();
  const conn = useLiveSync({
    hubUrl: hub.baseUrl,
    token,
    handlers: LIVE_HANDLERS,
    sinceSeq: seenSeq,
    view: () => viewOfRouter(router),
    follow: (id) => followCustomer(router, id),
    onUnauthorized: () => useSession.getState().signOut(),
  });
  const status = useLive((s) => s.status);
  const announcement = useLive((s) => s.announcement);
  const customerId = useOpenCustomerId();
  const setPaletteOpen = usePalette((s) => s.setPaletteOpen);
  const openCustomer = useCustomerNavigation().open;
  const signOut = useSession((s) => s.signOut);
  const authApi = useFeatureApi(createAuthApi);

  useEffect(() => {
    document.documentElement.dataset.omniReady = status === 'connected' ? 'console' : 'connecting';
  }, [status]);

  // A reveal re-watches the customer: the hub then sends this socket full values (shared/pii.ts).
  const revealEpoch = useReveals((s) => (customerId ? (s.epoch[customerId] ?? 0) : 0));
  useEffect(() => {
    if (!conn || !customerId) return;
    conn.watch(customerId);
    return () => {
      conn.unwatch(customerId);
      useLive.getState().setWatching(null);
    };
  }, [conn, customerId, revealEpoch]);

  // A click on a native notification (Electron) opens that customer.
  useEffect(() => {
    const bridge = getBridge();
    if (!bridge) return;
    return bridge.onOpenCustomer((raw) => {
      const e = OpenCustomerEventSchema.safeParse(raw);
      if (e.success) openCustomer(e.data.customerId);
    });
  }, [openCustomer]);

  return (
    <div className="app">
      {/* Focus by hand: a `#workspace` hash would be taken for a route by the hash router. */}
      <a className="skip-link" href="#workspace" onClick={skipToWorkspace}>
        Skip to workspace
      </a>
      <header className="topbar">
        <div className="brand">
          <BrandMark />
          <span className="brand-name">Omni Console</span>
        </div>
        <button type="button" className="search-trigger" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K Meta+K /">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M7 2.5a4.5 4.5 0 1 0 .01 0zM10.3 10.3l3.2 3.2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <span>Search customers…</span>
          <kbd>Ctrl K</kbd>
        </button>
        <div className="topbar-right">
          <ScreenLinks />
          {SHELL_PARTS.filter((p) => p.slot === 'topbar').map(({ key, Part }) => (
            <Part key={key} />
          ))}
          <LiveIndicator status={status} />
          <UserMenu />
          <button type="button" className="btn btn-ghost" data-testid="logout" onClick={() => void logOut(authApi, signOut)}>
            Log out
          </button>
        </div>
      </header>
      <div className="layout">
        <RecentCustomers />
        <main id="workspace" className="workspace" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <CommandPalette />
      {SHELL_PARTS.filter((p) => p.slot === 'overlay').map(({ key, Part }) => (
        <Part key={key} />
      ))}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
