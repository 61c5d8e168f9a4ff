import type { InboxCounts } from '../../../../../shared/index.js';
import { formatCount } from '../../../lib/format.js';
import { countOf, viewKey, type InboxViewId } from '../views.js';

export interface ViewEntry {
  view: InboxViewId;
  label: string;
}

/** The views down the side with their live counts (work waiting: open and pending). */
export function InboxViews({ entries, current, counts, onPick }: { entries: readonly ViewEntry[]; current: string; counts: InboxCounts | undefined; onPick(key: string): void }) {
  return (
    <nav className="inbox-views" aria-label="Inbox views">
      <h1 className="inbox-views-title">Inbox</h1>
      <ul role="list">
        {entries.map(({ view, label }) => {
          const key = viewKey(view);
          const n = countOf(view, counts);
          return (
            <li key={key}>
              <button type="button" className="inbox-view" aria-current={key === current ? 'page' : undefined} data-testid={`inbox-view-${view.kind}`} onClick={() => onPick(key)}>
                <span className="inbox-view-label">{label}</span>
                {n !== null && (
                  <span className="inbox-count" data-testid={`inbox-count-${view.kind}`} aria-label={`${n} waiting`}>
                    {formatCount(n)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
