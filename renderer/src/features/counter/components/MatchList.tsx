import type { CustomerSummary } from '../../../../../shared/index.js';
import { formatRelative } from '../../../lib/format.js';

/** Several customers matched: a short list to pick from (big rows for touch). */
export function MatchList({ matches, onOpen }: { matches: readonly CustomerSummary[]; onOpen: (id: string) => void }) {
  return (
    <section aria-labelledby="counter-matches" className="counter-matches">
      <h2 id="counter-matches">{matches.length} customers match</h2>
      <ul className="counter-list" data-testid="counter-matches">
        {matches.map((c) => (
          <li key={c.id}>
            <button type="button" className="counter-match" onClick={() => onOpen(c.id)}>
              <strong>{c.displayName}</strong>
              <span className="counter-meta">{[c.emails[0], c.loyaltyIds[0] && `Card ${c.loyaltyIds[0]}`, `last seen ${formatRelative(c.lastActivityAt)}`].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
