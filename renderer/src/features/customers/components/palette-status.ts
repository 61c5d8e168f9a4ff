import type { CustomerSummary } from '../../../../../shared/index.js';

/**
 * Where the search for exactly `query` stands. Results only ever belong to `query`: there is no
 * placeholder list from an earlier query, so nothing stale can be shown, counted or opened.
 */
export type PaletteSearch =
  | { phase: 'loading'; query: string }
  | { phase: 'ready'; query: string; results: CustomerSummary[] }
  /** The request never reached the hub (offline, hub down); `retrying` while another attempt is due. */
  | { phase: 'unreachable'; query: string; retrying: boolean }
  | { phase: 'error'; query: string; message: string };

/** The palette's one status line. Only a `ready` answer is ever counted or called a match. */
export function paletteStatus(search: PaletteSearch): string {
  const q = search.query;
  switch (search.phase) {
    case 'loading':
      return q ? 'Searching…' : 'Loading recently active customers…';
    case 'unreachable':
      return search.retrying ? 'Can’t reach the hub. Trying again…' : 'Can’t reach the hub. Check the connection, then press Enter to try again.';
    case 'error':
      return search.message;
    case 'ready': {
      const n = search.results.length;
      if (n === 0) return q ? `No customers match “${q}”` : 'No customers yet';
      return `${n} ${q ? 'matching' : 'recently active'} customer${n === 1 ? '' : 's'}`;
    }
  }
}
