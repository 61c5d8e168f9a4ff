import { useEffect, useState } from 'react';
import type { Conversation } from '../../../../../shared/index.js';
import { SlaBadge } from '../../sla/SlaBadge.js';

/* Adapter: the SLA state on an inbox row is helper C's `<SlaBadge>` (features/sla), fed the screen's one clock. */

/** Re-renders every 30 s so "12 min left" keeps counting down (one timer per screen, not per row). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function RowSlaBadge({ conversation, now }: { conversation: Conversation; now: number }) {
  return (
    <span className="inbox-sla-cell" data-testid="row-sla">
      <SlaBadge conversation={conversation} now={now} />
    </span>
  );
}
