import type { AnyRouter } from '@tanstack/react-router';

/** The customer id in the router's URL (`/customers/$customerId`), or null on any other screen. */
export function openedCustomer(router: AnyRouter): string | null {
  const m = /^\/customers\/([^/]+)$/.exec(router.state.location.pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}
