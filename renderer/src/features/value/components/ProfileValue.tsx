import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { CustomerProfile, CustomerValue } from '../../../../../shared/index.js';
import { customerKeys } from '../../customers/keys.js';
import { formatMoney } from '../../../lib/format.js';
import { ACTIVITY_LABEL, percentWords, purchasesWords, TIER_LABEL, trendWords } from './value-words.js';
import './value.css';

/** The hub refreshes a customer's value right after a purchase lands; the profile is read again a moment later. */
const REFRESH_AFTER_PURCHASE_MS = 1500;

/** Beside lifetime spend: expected 12-month value and tier, how likely still active (in words), expected purchases, and why. */
export function ProfileValue({ profile }: { profile: CustomerProfile }) {
  const value = profile.value;
  const qc = useQueryClient();
  const orders = profile.stats.orderCount;
  const seen = useRef(orders);
  useEffect(() => {
    if (orders === seen.current) return;
    seen.current = orders;
    const t = setTimeout(() => void qc.invalidateQueries({ queryKey: customerKeys.profile(profile.id) }), REFRESH_AFTER_PURCHASE_MS);
    return () => clearTimeout(t);
  }, [orders, profile.id, qc]);
  if (!value) return null;
  return <ValueFigures value={value} />;
}

export function ValueFigures({ value }: { value: CustomerValue }) {
  const trend = trendWords(value);
  return (
    <section className="profile-value" aria-label="Customer value" data-testid="profile-value" data-tier={value.tier}>
      <dl className="stats">
        <div className="stat" data-testid="value-12m">
          <dt>Expected value, next 12 months</dt>
          <dd>
            {formatMoney(value.expectedValue12m, value.model.currency)} <span className={`value-tier value-tier-${value.tier}`}>{TIER_LABEL[value.tier]}</span>
          </dd>
        </div>
        <div className="stat" data-testid="value-activity">
          <dt>Still buying?</dt>
          <dd>
            {ACTIVITY_LABEL[value.activity]}
            {value.activity !== 'one_purchase' && <span className="muted"> · {percentWords(value.pAlive)} likely active{trend ? `, ${trend}` : ''}</span>}
          </dd>
        </div>
        <div className="stat" data-testid="value-purchases">
          <dt>Expected purchases</dt>
          <dd>
            {purchasesWords(value.expectedPurchases90d)} in 90 days · {purchasesWords(value.expectedPurchases365d)} in a year
          </dd>
        </div>
      </dl>
      <p className="value-explanation" data-testid="value-explanation">
        {value.explanation.charAt(0).toUpperCase() + value.explanation.slice(1)}.
        {value.model.source === 'prior' && (
          <span className="muted" data-testid="value-prior">
            {' '}
            Estimated with the default model until {value.model.minCustomersToFit.toLocaleString()} customers have bought here ({value.model.purchasingCustomers.toLocaleString()} so far).
          </span>
        )}
      </p>
    </section>
  );
}
