import { useCustomerSearch } from '../hooks.js';
import { describeError } from '../../../api/hub-error.js';
import { useCustomerNavigation, useOpenCustomerId } from '../navigation.js';
import { CustomerResult } from './CustomerResult.js';

/** Sidebar: the most recently active customers (the hub's answer to an empty query). */
export function RecentCustomers() {
  const { data, isPending, isError, error } = useCustomerSearch('');
  const current = useOpenCustomerId();
  const openCustomer = useCustomerNavigation().open;
  return (
    <nav className="sidebar" aria-labelledby="recent-title">
      <h2 id="recent-title" className="sidebar-title">
        Recently active
      </h2>
      {isPending && <p className="muted pad">Loading…</p>}
      {isError && (
        <p className="error pad" role="alert">
          {describeError(error)}
        </p>
      )}
      <ul className="recent-list">
        {data?.map((c) => (
          <li key={c.id}>
            <button type="button" className="recent-item" aria-current={c.id === current ? 'page' : undefined} onClick={() => openCustomer(c.id)}>
              <CustomerResult c={c} />
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
