import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryHistory, createRootRoute, createRoute, createRouter, Outlet, RouterProvider } from '@tanstack/react-router';
import { useSession } from '../features/auth/session-store.js';
import type { FeatureScreen } from '../features/feature-module.js';
import { FeatureScreenRoute } from './FeatureScreenRoute.js';

afterEach(() => {
  cleanup();
  useSession.getState().signOut();
});

// A later screen (e.g. the team-lead floor) in both presentations.
const floor = (presentation: FeatureScreen['presentation']): FeatureScreen => ({
  path: '/floor',
  label: 'Floor',
  testId: 'open-floor',
  buttonClass: 'connectors-button',
  roles: ['lead'],
  presentation,
  overlayClass: 'floor-overlay',
  Screen: ({ onClose }) => (
    <section data-testid="floor">
      <button type="button" onClick={onClose}>
        Close floor
      </button>
    </section>
  ),
});

async function openAt(screenDef: FeatureScreen, entries: string[]) {
  const root = createRootRoute({ component: Outlet });
  const router = createRouter({
    routeTree: root.addChildren([
      createRoute({ getParentRoute: () => root, path: '/', component: () => <p>home</p> }),
      createRoute({ getParentRoute: () => root, path: '/customers/$customerId', component: () => <p>customer</p> }),
      createRoute({ getParentRoute: () => root, path: screenDef.path, component: () => <FeatureScreenRoute screen={screenDef} /> }),
    ]),
    history: createMemoryHistory({ initialEntries: entries }),
  });
  await router.load();
  render(<RouterProvider router={router} />);
  return router;
}

describe('FeatureScreenRoute', () => {
  it('a page screen renders in place (no dialog); closing a deep link goes home', async () => {
    useSession.getState().signIn('t', { id: 'u', email: 'l@x', name: 'Lee', role: 'lead' });
    const router = await openAt(floor('page'), ['/floor']);
    expect(await screen.findByTestId('floor')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByText('Close floor'));
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('a dialog screen closes back to where the user was', async () => {
    useSession.getState().signIn('t', { id: 'u', email: 'l@x', name: 'Lee', role: 'lead' });
    const router = await openAt(floor('dialog'), ['/customers/c1']);
    await router.navigate({ to: '/floor' as never });
    expect((await screen.findByRole('dialog')).getAttribute('aria-label')).toBe('Floor');
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(router.state.location.pathname).toBe('/customers/c1'));
  });

  it('sends a role that may not open it home', async () => {
    useSession.getState().signIn('t', { id: 'u', email: 'a@x', name: 'Ann', role: 'agent' });
    const router = await openAt(floor('page'), ['/floor']);
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(screen.queryByTestId('floor')).toBeNull();
  });
});
