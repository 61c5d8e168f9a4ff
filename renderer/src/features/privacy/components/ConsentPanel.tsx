import type { CustomerProfile } from '../../../../../shared/index.js';
import { formatDate, formatFull } from '../../../lib/format.js';
import { CHANNEL_LABEL, consentHint, STATE_LABEL } from './consent-words.js';
import './privacy.css';

const SHORT_CHANNEL = { email: 'email', sms: 'SMS' } as const;

/** Each channel's marketing consent, with the event it was read from, in words. Hidden on hubs that do not send consents. */
export function ConsentPanel({ profile }: { profile: CustomerProfile }) {
  const consents = profile.consents;
  if (!consents || consents.length === 0) return null;
  return (
    // A one-line summary (`Marketing: email not allowed · SMS not known`) that opens into the sources.
    <details className="consent-panel" data-testid="consent-panel">
      <summary className="consent-title">
        Marketing: {consents.map((c) => `${SHORT_CHANNEL[c.channel]} ${STATE_LABEL[c.state].toLowerCase()}`).join(' · ')}
      </summary>
      <ul className="consent-list">
        {consents.map((c) => (
          <li key={c.channel} className={`consent-row consent-${c.state}`} data-testid={`consent-${c.channel}`} data-state={c.state}>
            <span className="consent-channel">{CHANNEL_LABEL[c.channel]}</span>
            <span className="consent-state">{STATE_LABEL[c.state]}</span>
            {c.source ? (
              <span className="consent-source muted">
                {c.source.description} (<span title={formatFull(c.source.occurredAt)}>{formatDate(c.source.occurredAt)}</span>)
              </span>
            ) : (
              <span className="consent-source muted">{consentHint(c)}</span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
