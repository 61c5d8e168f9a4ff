import { useSession } from '../../auth/session-store.js';
import { describeActivity } from '../describe.js';
import { useCustomerActivity, useViewingSignal } from '../hooks.js';
import './collision.css';

/** In the profile header: who else is on this customer and what is going on with them now; says that I am viewing. */
export function ActivityPanel({ customerId }: { customerId: string }) {
  useViewingSignal(customerId);
  const meId = useSession((s) => s.user?.id ?? null);
  const activity = useCustomerActivity(customerId);
  const lines = activity.data ? describeActivity(activity.data, meId) : [];
  return (
    // Always rendered (empty when quiet) so screen readers announce what appears.
    <div className="collision-strip" role="status" aria-live="polite" aria-label="Who is on this customer now" data-testid="collision-panel">
      {lines.map((l) => (
        <span key={`${l.kind}:${l.text}`} className={`collision-line is-${l.kind}`} data-testid={`collision-${l.kind}`} {...(l.title ? { title: l.title } : {})}>
          <span className="collision-dot" aria-hidden="true" />
          {l.text}
        </span>
      ))}
    </div>
  );
}
