import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { PrivacyRequest, PrivacyRequestKind } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { QueryStatus } from '../../../components/QueryStatus.js';
import { formatDateTime, formatRelative } from '../../../lib/format.js';
import { useCustomerNavigation } from '../../customers/navigation.js';
import { createPrivacyApi, privacyKeys } from '../api.js';
import './privacy.css';

const KIND_WORDS: Record<PrivacyRequestKind, string> = {
  data_request: 'Copy of their data',
  customer_redact: 'Erase a customer',
  shop_redact: 'Erase a shop’s customers',
};

/** What is left to do about one request, in words. */
export function requestStatusWords(r: PrivacyRequest): string {
  if (r.status === 'done') return r.resolvedAt ? `Done ${formatRelative(r.resolvedAt)}` : 'Done';
  return r.kind === 'data_request' ? 'Waiting: open the customer and export the data' : 'Waiting';
}

/** Admins: the privacy requests shops sent (Shopify data requests and redactions), newest first, at `/admin/privacy`. */
export function PrivacyRequestsScreen() {
  const api = useFeatureApi(createPrivacyApi);
  const requests = useQuery({ queryKey: privacyKeys.requests(), queryFn: ({ signal }) => api.listRequests(signal) });
  const openCustomer = useCustomerNavigation().open;
  const [onlyOpen, setOnlyOpen] = useState(true);
  const shown = (requests.data ?? []).filter((r) => !onlyOpen || r.status === 'open');
  return (
    <section className="privacy-page" aria-labelledby="privacy-title" data-testid="privacy-requests-page">
      <div className="privacy-head">
        <h1 id="privacy-title">Privacy requests</h1>
        <label className="privacy-option">
          <input type="checkbox" data-testid="privacy-only-open" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} />
          Only waiting requests
        </label>
      </div>
      <p className="muted">Shops send these when a customer asks for their data or to be forgotten. Erasures run on arrival; a request for data waits until an admin exports it from the customer’s profile.</p>
      <QueryStatus query={requests} what="the requests" />
      {requests.data && (
        <div className="privacy-scroll">
          <table className="people-table" aria-label="Privacy requests">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Request</th>
                <th scope="col">Customer</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} data-testid="privacy-request-row" data-status={r.status}>
                  <td title={formatDateTime(r.receivedAt)}>{formatRelative(r.receivedAt)}</td>
                  <td>
                    <div className="people-name">{KIND_WORDS[r.kind]}</div>
                    <div className="people-email">
                      {r.description}
                      {r.shop ? ` · ${r.shop}` : ''}
                    </div>
                  </td>
                  <td>
                    {r.customerId ? (
                      <button type="button" className="link-button" data-testid="privacy-open-customer" onClick={() => openCustomer(r.customerId!)}>
                        {r.customerName ?? 'Open the customer'}
                      </button>
                    ) : (
                      <span className="muted">{r.kind === 'data_request' ? 'Nobody here matches' : 'Erased'}</span>
                    )}
                  </td>
                  <td>{requestStatusWords(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted pad">{onlyOpen ? 'No request is waiting.' : 'No privacy request has arrived.'}</p>}
        </div>
      )}
    </section>
  );
}
