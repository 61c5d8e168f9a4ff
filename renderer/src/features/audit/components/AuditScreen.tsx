import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useRouter, useRouterState } from '@tanstack/react-router';
import { AUDIT_ACTIONS, type AuditLogEntry } from '../../../../../shared/index.js';
import { describeError } from '../../../api/hub-error.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { useCustomerNavigation } from '../../customers/navigation.js';
import { createUsersApi } from '../../users/api.js';
import { userKeys } from '../../users/keys.js';
import type { AuditFilter } from '../api.js';
import { auditHref, filterOfSearch } from '../filter-url.js';
import { useAuditLog } from '../hooks.js';
import { AuditRow } from './AuditRow.js';
import { ChainCheck } from './ChainCheck.js';
import './audit.css';

/** Leads and admins: the audit trail in words, filtered by person, customer and action (kept in the URL). At `/admin/audit`. */
export function AuditScreen() {
  const router = useRouter();
  const search = useRouterState({ select: (s) => s.location.search as Record<string, unknown> });
  const filter = useMemo(() => filterOfSearch(search), [search]);
  const setFilter = (f: AuditFilter) => router.history.replace(auditHref(f));
  const log = useAuditLog(filter);
  const usersApi = useFeatureApi(createUsersApi);
  // The roster names the people to filter by; leads and admins may read it (teams.manage).
  const users = useQuery({ queryKey: userKeys.users(), queryFn: ({ signal }) => usersApi.listUsers(signal), staleTime: 60_000 });
  const openCustomer = useCustomerNavigation().open;
  const rows: AuditLogEntry[] = useMemo(() => log.data?.pages.flatMap((p) => p.entries) ?? [], [log.data]);
  const customerLabel = useMemo(() => {
    if (!filter.customerId) return null;
    for (const r of rows) for (const s of [r.subject, r.related]) if (s?.type === 'customer' && s.id === filter.customerId) return s.label;
    return 'the chosen customer';
  }, [rows, filter.customerId]);

  useEffect(() => {
    document.title = 'Audit · Omni Console';
  }, []);

  return (
    <section className="audit-page" aria-labelledby="audit-title" data-testid="audit-page">
      <div className="audit-head">
        <h1 id="audit-title">Audit</h1>
        <label>
          Person
          <select data-testid="audit-actor" value={filter.actor ?? ''} onChange={(e) => setFilter({ ...filter, actor: e.target.value || undefined })}>
            <option value="">Everyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select data-testid="audit-action" value={filter.action ?? ''} onChange={(e) => setFilter({ ...filter, action: e.target.value || undefined })}>
            <option value="">Any action</option>
            {Object.entries(AUDIT_ACTIONS).map(([name, label]) => (
              <option key={name} value={name}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {customerLabel && (
          <span className="audit-chip" data-testid="audit-customer-filter">
            Customer: {customerLabel}
            <button type="button" className="btn btn-small btn-ghost" aria-label="Show every customer" onClick={() => setFilter({ ...filter, customerId: undefined })}>
              ×
            </button>
          </span>
        )}
      </div>
      <ChainCheck />
      {log.isError && (
        <p className="form-error" role="alert">
          Could not load the audit trail: {describeError(log.error)}
        </p>
      )}
      {log.isLoading && <p className="muted">Loading…</p>}
      {log.data && rows.length === 0 && <p className="muted">Nothing recorded{filter.actor || filter.action || filter.customerId ? ' for this filter' : ''}.</p>}
      {rows.length > 0 && (
        <div className="audit-scroll">
          <table className="people-table audit-table" aria-label="Audit trail">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Did</th>
                <th scope="col">About</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <AuditRow
                  key={e.id}
                  e={e}
                  onOpenCustomer={openCustomer}
                  onOnlyCustomer={(s) => setFilter({ ...filter, customerId: s.id })}
                  onOnlyActor={(userId) => setFilter({ ...filter, actor: userId })}
                />
              ))}
            </tbody>
          </table>
          {log.hasNextPage && (
            <button type="button" className="btn audit-more" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {log.isFetchingNextPage ? 'Loading…' : 'Older entries'}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
