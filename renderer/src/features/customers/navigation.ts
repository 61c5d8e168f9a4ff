import { useCallback } from 'react';
import { useNavigate, useParams, useRouter, useSearch, type AnyRouter } from '@tanstack/react-router';
import type { Channel } from '../../../../shared/index.js';
import { usePrefetchOpen } from './hooks.js';
import { usePalette } from './palette-store.js';
import { channelsFromSearch, searchOfChannels, type CustomerSearch } from './route-search.js';

/*
 * The open customer and its filter live in the URL (`/customers/$customerId?channels=…`): back and forward
 * move between customers, and a link opens the same view after login.
 */

export const CUSTOMER_PATH = '/customers/$customerId';

/** The customer on screen, or null on other screens. */
export function useOpenCustomerId(): string | null {
  const params: { customerId?: string } = useParams({ strict: false });
  // A screen showing a customer under another URL names it in `?customer=` (a conversation: features/inbox).
  const search: { customer?: string } = useSearch({ strict: false });
  return params.customerId ?? search.customer ?? null;
}

/** The same, for code outside React (the live layer). */
export function viewOfRouter(router: AnyRouter): { customerId: string | null; channels: Channel[] } {
  for (const m of router.state.matches) {
    const id = (m.params as { customerId?: string }).customerId;
    if (m.fullPath === CUSTOMER_PATH && id) return { customerId: id, channels: channelsFromSearch(m.search as CustomerSearch) };
    const shown = (m.search as { customer?: unknown }).customer;
    if (m.fullPath !== CUSTOMER_PATH && typeof shown === 'string' && shown) return { customerId: shown, channels: [] };
  }
  return { customerId: null, channels: [] };
}

/** Shows `id` in place of the open customer (merge survivor, redirect), keeping the filter and the history entry. */
export function followCustomer(router: AnyRouter, id: string): void {
  const view = viewOfRouter(router);
  void router.navigate({ to: CUSTOMER_PATH, params: { customerId: id }, search: searchOfChannels(view.channels), replace: true, resetScroll: false });
}

let timelineFocusFor: string | null = null;

/** Asks the timeline of `id` to take focus once its first rows show (after opening from search). */
export function requestTimelineFocus(id: string): void {
  timelineFocusFor = id;
}

/** The timeline of `id` calls this when its rows show: true once if focus was asked for. */
export function takeTimelineFocus(id: string): boolean {
  if (timelineFocusFor !== id) return false;
  timelineFocusFor = null;
  return true;
}

export function useCustomerNavigation() {
  const navigate = useNavigate();
  const router = useRouter();
  const prefetch = usePrefetchOpen();
  /** Opens a customer (a new history entry, all channels); the one already open keeps its filter. */
  const open = useCallback(
    (id: string) => {
      usePalette.getState().setPaletteOpen(false);
      // The agent picked someone: the next keystrokes belong to that customer's timeline, not the search button.
      if (viewOfRouter(router).customerId === id) {
        requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="timeline"] .tl-head[tabindex="0"]')?.focus());
        return;
      }
      requestTimelineFocus(id);
      prefetch(id);
      void navigate({ to: CUSTOMER_PATH, params: { customerId: id }, search: {} });
    },
    [navigate, router, prefetch],
  );
  const follow = useCallback((id: string) => followCustomer(router, id), [router]);
  /** A filter change replaces the entry: back goes to the previous customer, not the previous filter. */
  const setChannels = useCallback(
    (id: string, channels: readonly Channel[]) => void navigate({ to: CUSTOMER_PATH, params: { customerId: id }, search: searchOfChannels(channels), replace: true, resetScroll: false }),
    [navigate],
  );
  return { open, follow, setChannels };
}
