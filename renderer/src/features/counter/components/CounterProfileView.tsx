import { useQuery } from '@tanstack/react-query';
import { isMasked, type CounterOrder, type CounterProfile, type CounterPurchase, type Money } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { describeError } from '../../../api/hub-error.js';
import { formatDate, formatDateTime, formatFull, formatMoney, formatPhone, formatRelative } from '../../../lib/format.js';
import { useActions } from '../../actions/hooks.js';
import { createCounterApi } from '../api.js';
import { counterKeys } from '../keys.js';
import { NoteField } from './NoteField.js';
import { VisitBar } from './VisitBar.js';

const money = (m: Money | null) => (m ? formatMoney(m.amount, m.currency) : null);

/** The compact profile: who, how to reach them (as the hub masks it), loyalty, orders and pickups, purchases, conversations, the top next action. */
export function CounterProfileView({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const api = useFeatureApi(createCounterApi);
  const profile = useQuery({ queryKey: counterKeys.profile(customerId), queryFn: ({ signal }) => api.profile(customerId, signal), refetchInterval: 30_000 });
  if (profile.isPending) return <p className="counter-status" role="status">Opening the customer…</p>;
  if (profile.isError) return <p className="counter-status counter-error" role="alert">{describeError(profile.error)}</p>;
  const p = profile.data;
  return (
    <article className="counter-profile" aria-labelledby="counter-customer-name" data-testid="counter-profile">
      <header className="counter-profile-head">
        <div>
          <h2 id="counter-customer-name">{p.displayName}</h2>
          <Contacts p={p} />
        </div>
        {p.loyalty && (
          <p className="counter-loyalty" data-testid="counter-loyalty">
            {p.loyalty.tier && <span className="counter-tier">{p.loyalty.tier}</span>}
            {p.loyalty.points !== null && <span>{new Intl.NumberFormat().format(p.loyalty.points)} points</span>}
          </p>
        )}
      </header>
      <VisitBar customerId={p.customerId} visit={p.visit} onDone={onDone} />
      <TopAction customerId={p.customerId} />
      <div className="counter-grid">
        <Orders orders={p.openOrders} />
        <Purchases purchases={p.purchases} />
        <Conversations customerId={p.customerId} />
        <section className="counter-card" aria-labelledby="counter-notes">
          <h3 id="counter-notes">Notes</h3>
          {p.notes.length === 0 ? <p className="counter-empty">No notes yet.</p> : (
            <ul className="counter-list">
              {p.notes.map((n) => (
                <li key={n.eventId}>
                  <span className="counter-note-text">{n.text}</span>
                  <span className="counter-meta" title={formatFull(n.at)}>
                    {n.author ?? 'Someone'} · {formatRelative(n.at)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <NoteField customerId={p.customerId} onDone={onDone} />
        </section>
      </div>
    </article>
  );
}

function Contacts({ p }: { p: CounterProfile }) {
  const phones = p.phones.map((x) => (isMasked(x) ? x : formatPhone(x)));
  const parts = [...p.emails.slice(0, 1), ...phones.slice(0, 1), ...p.loyaltyIds.slice(0, 1).map((l) => `Card ${l}`)];
  return <p className="counter-contacts">{parts.length ? parts.join(' · ') : 'No contact details'}</p>;
}

function Orders({ orders }: { orders: CounterOrder[] }) {
  return (
    <section className="counter-card" aria-labelledby="counter-orders">
      <h3 id="counter-orders">Orders and pickups</h3>
      {orders.length === 0 ? <p className="counter-empty">No open orders.</p> : (
        <ul className="counter-list" data-testid="counter-orders">
          {orders.map((o) => (
            <li key={o.eventId}>
              <span className="counter-line">
                <strong>{o.orderNumber ? `Order ${o.orderNumber}` : 'Online order'}</strong>
                {o.items && <span> · {o.items}</span>}
                {money(o.total) && <span> · {money(o.total)}</span>}
              </span>
              <span className={`counter-badge counter-badge-${o.pickup?.state ?? 'open'}`}>{pickupWords(o)}</span>
              <span className="counter-meta" title={formatFull(o.placedAt)}>
                Ordered {formatDate(o.placedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function pickupWords(o: CounterOrder): string {
  if (o.pickup?.state === 'ready') return o.pickup.readySince ? `Ready for pickup, waiting since ${formatDateTime(o.pickup.readySince)}` : 'Ready for pickup';
  if (o.pickup?.state === 'picked_up') return `Picked up ${formatDateTime(o.pickup.pickedUpAt)}${o.pickup.storeName ? ` at ${o.pickup.storeName}` : ''}`;
  return o.status.charAt(0).toUpperCase() + o.status.slice(1);
}

function Purchases({ purchases }: { purchases: CounterPurchase[] }) {
  return (
    <section className="counter-card" aria-labelledby="counter-purchases">
      <h3 id="counter-purchases">Recent purchases</h3>
      {purchases.length === 0 ? <p className="counter-empty">No purchases yet.</p> : (
        <ul className="counter-list" data-testid="counter-purchases">
          {purchases.map((x) => (
            <li key={x.eventId}>
              <span className="counter-line">
                <strong>{x.kind === 'return' ? 'Return' : 'Purchase'}</strong> {x.where === 'store' ? `in store${x.storeName ? ` (${x.storeName})` : ''}` : 'online'}
                {x.items && <span> · {x.items}</span>}
              </span>
              <span className="counter-meta" title={formatFull(x.at)}>
                {money(x.total) && <>{x.kind === 'return' ? '−' : ''}{money(x.total)} · </>}
                {formatDate(x.at)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Conversations({ customerId }: { customerId: string }) {
  const api = useFeatureApi(createCounterApi);
  const list = useQuery({ queryKey: counterKeys.conversations(customerId), queryFn: ({ signal }) => api.openConversations(customerId, signal), retry: false });
  return (
    <section className="counter-card" aria-labelledby="counter-conversations">
      <h3 id="counter-conversations">Open conversations</h3>
      {list.isPending ? <p className="counter-empty">Loading…</p> : list.isError || list.data.length === 0 ? <p className="counter-empty">None open.</p> : (
        <ul className="counter-list">
          {list.data.map((c) => (
            <li key={c.id}>
              <span className="counter-line">{c.subject}</span>
              <span className="counter-meta">{c.waitingSince ? `Waiting for an answer since ${formatRelative(c.waitingSince)}` : `Updated ${formatRelative(c.updatedAt)}`}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function TopAction({ customerId }: { customerId: string }) {
  const actions = useActions(customerId);
  const top = actions.data?.[0];
  if (!top) return null;
  return (
    <section className="counter-action" aria-label="Suggested next step" data-testid="counter-action">
      <strong>Suggested: {top.title}</strong>
      {top.reasons[0] && <span className="counter-meta">{top.reasons[0].text}</span>}
    </section>
  );
}
