import { useEffect } from 'react';
import { OpenCustomerEventSchema } from '../../../shared/index.js';
import { CommandPalette } from '../components/CommandPalette.js';
import { ConnectorsButton } from '../components/connectors/ConnectorsButton.js';
import { LiveIndicator } from '../components/LiveIndicator.js';
import { RecentCustomers } from '../components/RecentCustomers.js';
import { ValueButton } from '../components/value/ValueButton.js';
import { getBridge } from '../env/bridge.js';
import { useLiveSync } from '../live/use-live-sync.js';
import { useLive } from '../state/live.js';
import { useSession } from '../state/session.js';
import { useUi } from '../state/ui.js';
import { Workspace } from './Workspace.js';

/** The signed-in console: top bar, recent customers, the open customer's workspace, the palette. */
export function ConsoleScreen({ hubUrl, token }: { hubUrl: string; token: string }) {
  const conn = useLiveSync(hubUrl, token);
  const status = useLive((s) => s.status);
  const announcement = useLive((s) => s.announcement);
  const customerId = useUi((s) => s.customerId);
  const setPaletteOpen = useUi((s) => s.setPaletteOpen);
  const openCustomer = useUi((s) => s.openCustomer);
  const user = useSession((s) => s.user);
  const signOut = useSession((s) => s.signOut);

  useEffect(() => {
    document.documentElement.dataset.omniReady = status === 'connected' ? 'console' : 'connecting';
  }, [status]);

  useEffect(() => {
    if (!conn || !customerId) return;
    conn.watch(customerId);
    return () => {
      conn.unwatch(customerId);
      useLive.getState().setWatching(null);
    };
  }, [conn, customerId]);

  // A click on a native notification (Electron) opens that customer.
  useEffect(() => {
    const bridge = getBridge();
    if (!bridge) return;
    return bridge.onOpenCustomer((raw) => {
      const e = OpenCustomerEventSchema.safeParse(raw);
      if (e.success) openCustomer(e.data.customerId);
    });
  }, [openCustomer]);

  useEffect(() => {
    if (!customerId) document.title = 'Omni Console';
  }, [customerId]);

  return (
    <div className="app">
      <a className="skip-link" href="#workspace">
        Skip to workspace
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            O
          </span>
          Omni Console
        </div>
        <button type="button" className="search-trigger" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K Meta+K /">
          <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M7 2.5a4.5 4.5 0 1 0 .01 0zM10.3 10.3l3.2 3.2" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <span>Search customers…</span>
          <kbd>Ctrl K</kbd>
        </button>
        <div className="topbar-right">
          <ValueButton />
          <ConnectorsButton />
          <LiveIndicator status={status} />
          {user && (
            <span className="user" title={user.email}>
              {user.name} <span className="muted">· {user.role}</span>
            </span>
          )}
          <button type="button" className="btn btn-ghost" data-testid="logout" onClick={signOut}>
            Log out
          </button>
        </div>
      </header>
      <div className="layout">
        <RecentCustomers />
        <main id="workspace" className="workspace" tabIndex={-1}>
          {customerId ? (
            <Workspace customerId={customerId} />
          ) : (
            <div className="workspace-empty">
              <h1>Find a customer</h1>
              <p>
                Press <kbd>Ctrl</kbd> <kbd>K</kbd> (or <kbd>/</kbd>) and search by name, email, phone in any format, loyalty id or order number — or pick someone recently active.
              </p>
            </div>
          )}
        </main>
      </div>
      <CommandPalette />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </div>
    </div>
  );
}
