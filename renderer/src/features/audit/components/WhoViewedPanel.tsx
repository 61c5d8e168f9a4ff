import { useRouter } from '@tanstack/react-router';
import type { CustomerProfile, Role } from '../../../../../shared/index.js';
import { ROLES } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { formatFull, formatRelative } from '../../../lib/format.js';
import { useCan } from '../../auth/permissions.js';
import { ROLE_WORDS } from '../../auth/words.js';
import { auditHref } from '../filter-url.js';
import { useCustomerViewers } from '../hooks.js';
import './audit.css';

const roleWords = (r: string | null) => ((ROLES as readonly string[]).includes(r ?? '') ? ROLE_WORDS[r as Role] : null);

/** "Who viewed this customer": leads and admins see each person who opened the profile, when last and how often. */
export function WhoViewedPanel({ profile }: { profile: CustomerProfile }) {
  const allowed = useCan('audit.read');
  const viewers = useCustomerViewers(profile.id, allowed);
  const router = useRouter();
  if (!allowed) return null;
  const n = viewers.data?.viewers.length;
  return (
    <details className="viewers-panel" data-testid="who-viewed">
      <summary>
        Viewed by{n === undefined ? '…' : ` ${n} ${n === 1 ? 'person' : 'people'}`}
      </summary>
      {viewers.isError && (
        <p className="form-error" role="alert">
          {describeError(viewers.error)}
        </p>
      )}
      {viewers.data && (
        <ul className="viewers-list">
          {viewers.data.viewers.map((v) => (
            <li key={v.userId} data-testid="viewer">
              <strong>{v.name}</strong>
              {roleWords(v.role) && <span className="muted">{roleWords(v.role)}</span>}
              <span className="muted">
                {v.views} view{v.views === 1 ? '' : 's'}
              </span>
              <span className="viewer-when" title={formatFull(v.lastViewedAt)}>
                last {formatRelative(v.lastViewedAt)}
              </span>
            </li>
          ))}
          {viewers.data.viewers.length === 0 && <li className="muted">No views recorded yet.</li>}
        </ul>
      )}
      <button type="button" className="link-button" onClick={() => router.history.push(auditHref({ customerId: profile.id }))}>
        Everything recorded about this customer
      </button>
    </details>
  );
}
