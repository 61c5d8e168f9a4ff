import { useState } from 'react';
import type { DuplicateSuggestion } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { useCan } from '../../auth/permissions.js';
import { useCustomerNavigation } from '../../customers/navigation.js';
import { useDuplicates, useMergeCustomers } from '../hooks.js';
import { evidenceValue, matchWords } from './evidence-words.js';
import './duplicates.css';

const FIELD_LABEL: Record<string, string> = {
  givenName: 'Given name',
  surname: 'Surname',
  dob: 'Date of birth',
  streetNumber: 'Street no.',
  address: 'Address',
  locality: 'City / suburb',
  postcode: 'Postcode',
  state: 'State',
  idNumber: 'Loyalty / id',
  sharedId: 'Shared card',
  suffix: 'Jr / Sr',
  email: 'Email',
  phone: 'Phone',
};

const AGREEMENT_WORDS: Record<string, string> = { agree: 'same', partial: 'similar', disagree: 'different', missing: 'one side missing' };

const SHARED_KIND: Record<string, string> = { loyalty: 'loyalty card', email: 'email address', phone: 'phone number', external: 'account' };

/** "Possible duplicates": probabilistic suggestions with side-by-side evidence; merging asks for confirmation. */
export function DuplicatesPanel({ customerId, displayName }: { customerId: string; displayName: string }) {
  const dups = useDuplicates(customerId);
  const [confirming, setConfirming] = useState<DuplicateSuggestion | null>(null);
  // Associates cannot merge (shared/permissions.ts): no button; the hub refuses anyway.
  const canMerge = useCan('customer.merge');
  const count = dups.data?.length ?? 0;
  return (
    // Closed until asked for: a badge with the count, so the timeline stays above the fold.
    <details className="duplicates-panel" data-testid="duplicates-panel">
      <summary>
        Possible duplicates
        {dups.isLoading ? '…' : count > 0 ? <span className="panel-badge">{count}</span> : ': none'}
        {dups.isFetching && !dups.isLoading && <span className="identity-updating"> · updating…</span>}
      </summary>
      {dups.isError && <p className="identity-error" role="alert">Could not load suggestions: {describeError(dups.error)}</p>}
      {dups.data && count === 0 && <p className="identity-empty">No likely duplicates of this customer.</p>}
      <ul className="duplicate-list">
        {dups.data?.map((s) => (
          <li key={s.customerId} className="duplicate-suggestion" data-testid="duplicate-suggestion" data-customer-id={s.customerId}>
            <div className="duplicate-head">
              <strong>{s.displayName}</strong>
              <span className="duplicate-score" title="How alike the two profiles are, from the fields below">
                {matchWords(s.score)}
              </span>
              {canMerge && (
                <button type="button" className="identity-button" onClick={() => setConfirming(s)}>
                  Merge…
                </button>
              )}
            </div>
            {s.reason === 'shared-identifier' && (
              <p className="duplicate-reason" data-testid="duplicate-shared">
                Shares a household {SHARED_KIND[s.sharedKind ?? 'loyalty'] ?? 'identifier'}, but the name or birth date differs: kept apart, not merged automatically.
              </p>
            )}
            <table className="evidence">
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">{displayName}</th>
                  <th scope="col">{s.displayName}</th>
                </tr>
              </thead>
              <tbody>
                {s.evidence.map((e) => (
                  <tr key={e.field} className={`evidence-${e.agreement}`} data-agreement={e.agreement}>
                    <th scope="row">{FIELD_LABEL[e.field] ?? e.field}</th>
                    <td>{e.oursEntered ?? evidenceValue(e.field, e.ours)}</td>
                    <td>
                      {e.theirsEntered ?? evidenceValue(e.field, e.theirs)} <span className="evidence-tag">{AGREEMENT_WORDS[e.agreement]}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </li>
        ))}
      </ul>
      {confirming && <MergeConfirm customerId={customerId} displayName={displayName} other={confirming} onClose={() => setConfirming(null)} />}
    </details>
  );
}

function MergeConfirm({ customerId, displayName, other, onClose }: { customerId: string; displayName: string; other: DuplicateSuggestion; onClose: () => void }) {
  const merge = useMergeCustomers();
  const replaceCustomer = useCustomerNavigation().follow;
  const [reason, setReason] = useState('');
  const confirm = () =>
    merge.mutate(
      { id: customerId, otherId: other.customerId, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: (res) => {
          onClose();
          if (res.intoId !== customerId) replaceCustomer(res.intoId);
        },
      },
    );
  return (
    <div className="merge-confirm" role="dialog" aria-modal="true" aria-labelledby="merge-confirm-title" data-testid="merge-confirm">
      <h3 id="merge-confirm-title">
        Merge “{other.displayName}” with “{displayName}”?
      </h3>
      <p>Events and identifiers become one profile (the older one survives). You can undo this from the merge history.</p>
      <label>
        Reason (optional)
        <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="e.g. same caller, confirmed date of birth" />
      </label>
      {merge.isError && (
        <p className="identity-error" role="alert">
          {describeError(merge.error)}
        </p>
      )}
      <div className="merge-confirm-actions">
        <button type="button" className="identity-button primary" onClick={confirm} disabled={merge.isPending}>
          {merge.isPending ? 'Merging…' : 'Merge'}
        </button>
        <button type="button" className="identity-button" onClick={onClose} disabled={merge.isPending}>
          Cancel
        </button>
      </div>
    </div>
  );
}
