import type { CustomerProfile } from '../../../../../shared/index.js';
import { formatDate } from '../../../lib/format.js';
import { CHANNEL_LABEL, consentHint, STATE_LABEL } from './consent-words.js';
import './privacy.css';

/** Each channel's marketing consent, with the event it was read from, in words. Hidden on hubs that do not send consents. */
export function ConsentPanel({ profile }: { profile: CustomerProfile }) {
  const consents = profile.consents;
  if (!consents || consents.length === 0) return null;
  return (
    <section className="consent-panel" aria-label="Marketing consent" data-testid="consent-panel">
      <h3 className="consent-title">Marketing consent</h3>
      <ul className="consent-list">
        {consents.map((c) => (
          <li key={c.channel} className={`consent-row consent-${c.state}`} data-testid={`consent-${c.channel}`} data-state={c.state}>
            <span className="consent-channel">{CHANNEL_LABEL[c.channel]}</span>
            <span className="consent-state">{STATE_LABEL[c.state]}</span>
            {c.source ? (
              <span className="consent-source muted">
                {c.source.description} ({formatDate(c.source.occurredAt)})
              </span>
            ) : (
              <span className="consent-source muted">{consentHint(c)}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
