import { useSession } from '../../auth/session-store.js';
import { describeActivity } from '../describe.js';
import { useRowActivity } from '../hooks.js';
import './collision.css';

/** For inbox rows: the most urgent thing happening with the customer ("Grace replying", "On a call"), nothing when quiet. */
export function ActivityBadge({ customerId }: { customerId: string }) {
  const meId = useSession((s) => s.user?.id ?? null);
  const activity = useRowActivity(customerId);
  const lines = activity.data ? describeActivity(activity.data, meId) : [];
  const first = lines[0];
  if (!first) return null;
  const sentence = lines.map((l) => l.text).join('; ');
  return (
    <span className={`collision-badge is-${first.kind}`} title={sentence} aria-label={sentence} data-testid="activity-badge">
      <span className="collision-dot" aria-hidden="true" />
      {first.short}
      {lines.length > 1 ? <span className="collision-more"> +{lines.length - 1}</span> : null}
    </span>
  );
}
