import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CustomerProfile } from '../../../../../shared/index.js';
import { formatTime } from '../../../lib/format.js';
import { customerKeys } from '../keys.js';
import { RevealDialog } from './RevealDialog.js';
import './pii.css';

/**
 * Under the identifiers: "Contact details are masked" with Reveal (for those who may), or "Revealed until
 * 14:32" while a reveal runs; when it ends the profile and timeline are fetched again (masked by the hub).
 */
export function PiiNotice({ profile }: { profile: CustomerProfile }) {
  const qc = useQueryClient();
  const [asking, setAsking] = useState(false);
  const pii = profile.pii;
  const until = pii?.revealedUntil ?? null;

  useEffect(() => {
    if (!until) return;
    const ms = Date.parse(until) - Date.now();
    const refetch = () => {
      void qc.invalidateQueries({ queryKey: customerKeys.profile(profile.id) });
      void qc.invalidateQueries({ queryKey: customerKeys.timelineAll(profile.id) });
    };
    // A little after the end, so the hub has masked again; timers past ~24 days overflow, and no grant is that long.
    const t = setTimeout(refetch, Math.min(Math.max(ms, 0) + 500, 2 ** 31 - 1));
    return () => clearTimeout(t);
  }, [until, profile.id, qc]);

  if (!pii) return null;
  if (until && !pii.masked) {
    return (
      <p className="pii-notice pii-revealed" data-testid="pii-revealed">
        Contact details revealed until {formatTime(until)}
      </p>
    );
  }
  if (!pii.masked) return null;
  return (
    <div className="pii-notice" data-testid="pii-masked">
      <span>Contact details are masked.</span>
      {pii.canReveal && (
        <button type="button" className="btn btn-small" data-testid="reveal-pii" aria-haspopup="dialog" onClick={() => setAsking(true)}>
          Reveal…
        </button>
      )}
      {asking && <RevealDialog profile={profile} onClose={() => setAsking(false)} />}
    </div>
  );
}
