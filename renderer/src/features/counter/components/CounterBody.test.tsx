import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { CounterProfile, CustomerSummary } from '../../../../../shared/index.js';
import { HubProvider } from '../../../api/HubProvider.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { useCounterLock } from '../idle-lock.js';
import { CounterBody } from './CounterScreen.js';

const summary = (id: string, name: string): CustomerSummary => ({ id, displayName: name, emails: ['d•••@example.com'], phones: [], loyaltyIds: ['•••0042'], externalIds: [], lastActivityAt: null, eventCount: 3 });
const profile = (id: string, name: string): CounterProfile => ({
  customerId: id,
  displayName: name,
  emails: ['d•••@example.com'],
  phones: ['••• ••• 0142'],
  loyaltyIds: ['•••0042'],
  pii: { masked: true, revealedUntil: null, canReveal: true },
  loyalty: { tier: 'Gold', points: 1240 },
  openOrders: [{ eventId: 'evt_o', orderNumber: '#5001', placedAt: '2025-06-01T10:00:00Z', status: 'ready for pickup', total: { amount: 64, currency: 'USD' }, items: 'Camp stove', pickup: { state: 'ready', readySince: '2025-06-02T10:00:00Z', pickedUpAt: null, storeName: null } }],
  purchases: [{ eventId: 'evt_r', at: '2025-06-03T10:00:00Z', where: 'store', kind: 'return', total: { amount: 30, currency: 'USD' }, items: 'Headlamp', storeName: 'Union Square', reference: 'R-2002' }],
  visit: null,
  notes: [],
  consents: [],
});

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let lookups: string[];
let posted: { url: string; body: unknown }[];
let idleSeconds: number;
const DIRECTORY: Record<string, { exact: CustomerSummary[]; others: CustomerSummary[] }> = {
  '100042': { exact: [summary('cus_dana', 'Dana Shopper')], others: [summary('cus_near', 'Dan Nearby')] },
  smith: { exact: [], others: [summary('cus_a', 'Ann Smith'), summary('cus_b', 'Bob Smith')] },
};

beforeEach(async () => {
  useCounterLock.getState().unlock();
  localStorage.clear();
  lookups = [];
  posted = [];
  idleSeconds = 1800;
  hub = await startTinyHub((r) => {
    if (r.url.pathname === '/api/v1/counter/settings') return { status: 200, body: { idleLockSeconds: idleSeconds, stores: [] } };
    if (r.url.pathname === '/api/v1/customers/lookup') {
      const q = r.url.searchParams.get('q') ?? '';
      lookups.push(q);
      return { status: 200, body: DIRECTORY[q] ?? { exact: [], others: [] } };
    }
    const p = /^\/api\/v1\/counter\/customers\/([^/]+)$/.exec(r.url.pathname);
    if (p && r.method === 'GET') return { status: 200, body: profile(p[1]!, p[1] === 'cus_new' ? 'Rita Newman' : 'Dana Shopper') };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/counter/customers') {
      posted.push({ url: r.url.pathname, body: JSON.parse(r.body) });
      return { status: 201, body: { customerId: 'cus_new' } };
    }
    if (r.url.pathname.startsWith('/api/v1/customers/') && r.url.pathname.endsWith('/actions')) return { status: 200, body: { actions: [] } };
    if (r.url.pathname === '/api/v1/conversations') return { status: 200, body: { conversations: [], nextCursor: null } };
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

function renderCounter() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <HubProvider hub={createHubFetch({ baseUrl: hub.url, getToken: () => 'tok' })}>
        <CounterBody />
      </HubProvider>
    </QueryClientProvider>,
  );
  return screen.getByTestId('counter-lookup');
}

/** A scanner: every key and Enter at once (well within 30 ms of each other). */
function scan(field: HTMLElement, code: string) {
  for (const ch of code) fireEvent.keyDown(field, { key: ch });
  fireEvent.keyDown(field, { key: 'Enter' });
}

describe('counter lookup', () => {
  it('a scanned card opens the one exact customer directly, with the lookup field ready again', async () => {
    const field = renderCounter();
    await waitFor(() => expect(document.activeElement).toBe(field));
    scan(field, '100042');
    expect(await screen.findByRole('heading', { name: 'Dana Shopper' })).toBeTruthy();
    expect(lookups).toEqual(['100042']);
    expect(screen.getByTestId('counter-orders').textContent).toContain('Ready for pickup, waiting since');
    expect(screen.getByTestId('counter-purchases').textContent).toContain('Return in store (Union Square)');
    expect(screen.getByTestId('counter-loyalty').textContent).toContain('Gold');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect((field as HTMLInputElement).value).toBe('');
  });

  it('several matches give a short list; picking one opens it', async () => {
    const field = renderCounter();
    fireEvent.change(field, { target: { value: 'smith' } });
    fireEvent.keyDown(field, { key: 'Enter', timeStamp: 10_000 });
    const list = await screen.findByTestId('counter-matches');
    expect(list.textContent).toContain('Ann Smith');
    expect(list.textContent).toContain('Bob Smith');
    fireEvent.click(screen.getByRole('button', { name: /Bob Smith/ }));
    expect(await screen.findByTestId('counter-profile')).toBeTruthy();
  });

  it('nobody matches: New customer asks both consents before it records them', async () => {
    const field = renderCounter();
    fireEvent.change(field, { target: { value: 'rita@example.com' } });
    fireEvent.keyDown(field, { key: 'Enter', timeStamp: 10_000 });
    fireEvent.click(await screen.findByRole('button', { name: 'New customer' }));
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('rita@example.com');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Rita Newman' } });
    const add = screen.getByRole('button', { name: 'Add customer' });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getAllByLabelText('Yes')[0]!);
    fireEvent.click(screen.getAllByLabelText('No')[1]!);
    fireEvent.click(add);
    expect(await screen.findByRole('heading', { name: 'Rita Newman' })).toBeTruthy();
    expect(posted[0]!.body).toMatchObject({ name: 'Rita Newman', email: 'rita@example.com', emailMarketing: true, smsMarketing: false });
  });
});

describe('idle lock', () => {
  it('locks after the session idle timeout and shows nothing of the customer', async () => {
    idleSeconds = 1;
    const field = renderCounter();
    scan(field, '100042');
    expect(await screen.findByRole('heading', { name: 'Dana Shopper' })).toBeTruthy();
    expect(await screen.findByTestId('counter-locked', {}, { timeout: 4000 })).toBeTruthy();
    expect(screen.queryByText('Dana Shopper')).toBeNull();
    expect(screen.queryByTestId('counter-lookup')).toBeNull();
  });
});
