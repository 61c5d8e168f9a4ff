import type { ReactNode } from 'react';
import type { CustomerProfile } from '../../../../../shared/index.js';
import { formatDate, formatFull, formatMoney, formatPhone, identifierWords } from '../../../lib/format.js';
import { PiiNotice } from './PiiNotice.js';

/** Who this is: every identifier as a chip, and the stats an agent checks first; `children` are other features' figures (e.g. value). */
export function ProfileHeader({ profile, children }: { profile: CustomerProfile; children?: ReactNode }) {
  const s = profile.stats;
  const chips: [kind: string, value: string][] = [
    ...profile.emails.map((v): [string, string] => ['email', v]),
    ...profile.phones.map((v): [string, string] => ['phone', formatPhone(v)]),
    ...profile.loyaltyIds.map((v): [string, string] => ['loyalty', v]),
    ...profile.externalIds.map((x): [string, string] => [x.system, x.id]),
  ];
  const merges = profile.merges.filter((m) => !m.undoneAt);
  const lastMerge = merges.reduce<(typeof merges)[number] | undefined>((a, m) => (!a || m.at > a.at ? m : a), undefined);
  return (
    <header className="profile-header" data-testid="profile-header" data-customer-id={profile.id} aria-labelledby="profile-name">
      <div className="profile-top">
        <div className="avatar" aria-hidden="true">
          {initials(profile.displayName)}
        </div>
        <div className="profile-title">
          <h1 id="profile-name" data-testid="profile-name">
            {profile.displayName}
          </h1>
          <ul className="chips" aria-label="Identifiers">
            {chips.map(([kind, value]) => (
              <li key={`${kind}:${value}`} className={`chip chip-${kind === 'email' || kind === 'phone' || kind === 'loyalty' ? kind : 'external'}`} data-testid="identifier-chip" title={`${kind}: ${value}`}>
                <span className="chip-kind">{kind}</span>
                <span className="chip-value">{value}</span>
              </li>
            ))}
          </ul>
          <PiiNotice profile={profile} />
        </div>
      </div>
      <dl className="stats">
        <div className="stat">
          <dt>Events</dt>
          <dd>{s.eventCount.toLocaleString()}</dd>
        </div>
        <div className="stat" data-testid="stat-spend">
          <dt>Lifetime spend</dt>
          <dd>{s.lifetimeSpend.length ? s.lifetimeSpend.map((m) => <span key={m.currency}>{formatMoney(m.amount, m.currency)}</span>) : formatMoney(0, 'USD')}</dd>
        </div>
        <div className="stat">
          <dt>Orders</dt>
          <dd>{s.orderCount.toLocaleString()}</dd>
        </div>
        <div className="stat">
          <dt>First seen</dt>
          <dd title={formatFull(s.firstSeenAt)}>{formatDate(s.firstSeenAt)}</dd>
        </div>
        <div className="stat">
          <dt>Last seen</dt>
          <dd title={formatFull(s.lastSeenAt)}>{formatDate(s.lastSeenAt)}</dd>
        </div>
      </dl>
      {children}
      {lastMerge && (
        <p className="merge-line">
          Merged from {merges.length} other profile{merges.length === 1 ? '' : 's'} · last <span title={formatFull(lastMerge.at)}>{formatDate(lastMerge.at)}</span>
          {lastMerge.bridgingIdentifier ? ` via ${identifierWords(lastMerge.bridgingIdentifier)}` : ''} ({lastMerge.reason})
        </p>
      )}
    </header>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}
