import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { emptyChannelCounts, type CustomerProfile } from '../../../../../shared/index.js';
import { useFeatureApi } from '../../../api/HubProvider.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { createCustomersApi } from '../api.js';
import { customerKeys } from '../keys.js';
import { useReveals } from '../reveal-store.js';
import { ItemDetails } from './details/ItemDetails.js';
import { ProfileHeader } from './ProfileHeader.js';

const UNTIL = new Date(Date.now() + 10 * 60_000).toISOString();
const base: CustomerProfile = {
  id: 'cus_nora',
  requestedId: 'cus_nora',
  displayName: 'Nora Vale',
  emails: ['n•••@gmail.com'],
  phones: ['••• ••• 4821'],
  loyaltyIds: [],
  externalIds: [],
  lastActivityAt: null,
  eventCount: 1,
  createdAt: '2024-01-01T00:00:00.000Z',
  stats: { eventCount: 1, channelCounts: emptyChannelCounts(), lifetimeSpend: [], orderCount: 0, firstSeenAt: null, lastSeenAt: null },
  merges: [],
  pii: { masked: true, revealedUntil: null, canReveal: true },
};
const revealedProfile: CustomerProfile = { ...base, emails: ['nora.vale@gmail.com'], phones: ['+15551234821'], pii: { masked: false, revealedUntil: UNTIL, canReveal: true } };

/** The header as the customer screen shows it: fed by the profile query, so a reveal's refetch shows. */
function Header() {
  const api = useFeatureApi(createCustomersApi);
  const q = useQuery({ queryKey: customerKeys.profile('cus_nora'), queryFn: ({ signal }) => api.getProfile('cus_nora', signal) });
  return q.data ? <ProfileHeader profile={q.data} /> : null;
}

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let revealed = false;
beforeEach(async () => {
  revealed = false;
  useReveals.getState().reset();
  hub = await startTinyHub((r) => {
    if (r.method === 'GET' && r.url.pathname === '/api/v1/customers/cus_nora') return { status: 200, body: revealed ? revealedProfile : base };
    if (r.method === 'POST' && r.url.pathname === '/api/v1/customers/cus_nora/reveal') {
      const { reason } = JSON.parse(r.body) as { reason: string };
      if (reason.trim().length < 4) return { status: 400, body: { error: { code: 'invalid_request', message: 'invalid body', issues: [{ path: 'reason', message: 'reason must be at least 4 characters' }] } } };
      revealed = true;
      return { status: 200, body: { customerId: 'cus_nora', revealedUntil: UNTIL, seconds: 600 } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

describe('masked contact details on the profile header', () => {
  it('shows masked values as given, asks for a reason, reveals, then shows full values and until when', async () => {
    await renderRouted(<Header />, { hubUrl: hub.url });
    expect(await screen.findByTestId('pii-masked')).toBeTruthy();
    expect(screen.getAllByTestId('identifier-chip').map((c) => c.textContent)).toEqual(['emailn•••@gmail.com', 'phone••• ••• 4821']);
    fireEvent.click(screen.getByTestId('reveal-pii'));
    const reason = screen.getByTestId('reveal-reason');
    expect(document.activeElement).toBe(reason);
    fireEvent.click(screen.getByTestId('reveal-submit'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Reason is required|^Reason must be at least 4/);
    expect(hub.requests.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.change(reason, { target: { value: 'customer at the counter asks to fix her email' } });
    fireEvent.click(screen.getByTestId('reveal-submit'));
    expect((await screen.findByTestId('pii-revealed')).textContent).toMatch(/revealed until \d{1,2}:\d{2}/);
    expect(screen.getAllByTestId('identifier-chip').map((c) => c.textContent)).toEqual(['emailnora.vale@gmail.com', 'phone(555) 123-4821']);
    expect(screen.queryByTestId('reveal-dialog')).toBeNull();
    expect(JSON.parse(hub.requests.find((r) => r.method === 'POST')!.body)).toEqual({ reason: 'customer at the counter asks to fix her email' });
    // The live watch is re-sent so the socket gets full values too.
    expect(useReveals.getState().epoch['cus_nora']).toBe(1);
  });

  it('offers no Reveal to someone without customer.pii.reveal, and says nothing when values are not masked', async () => {
    await renderRouted(<ProfileHeader profile={{ ...base, pii: { masked: true, revealedUntil: null, canReveal: false } }} />, { hubUrl: hub.url });
    expect(screen.getByTestId('pii-masked').textContent).toContain('masked');
    expect(screen.queryByTestId('reveal-pii')).toBeNull();
    cleanup();
    await renderRouted(<ProfileHeader profile={{ ...base, pii: { masked: false, revealedUntil: null, canReveal: true } }} />, { hubUrl: hub.url });
    expect(screen.queryByTestId('pii-masked')).toBeNull();
    expect(screen.queryByTestId('pii-revealed')).toBeNull();
  });
});

describe('a masked timeline item', () => {
  it('says in words what the hub left out until a reveal', async () => {
    const item = { id: 'evt_1', customerId: 'cus_nora', channel: 'email' as const, type: 'email.received', occurredAt: '2024-05-01T10:00:00.000000Z', summary: 'Where is my order?', source: 'e2e', sourceEventId: 's1', data: { subject: 'Where is my order?', direction: 'inbound' }, seq: 1, pii: { masked: true as const, hidden: ['text', 'html', 'attachments'] } };
    await renderRouted(<ItemDetails item={item} />, { hubUrl: hub.url });
    expect(screen.getByTestId('pii-hidden').textContent).toBe('Hidden until the contact details are revealed: the message, the formatted message, attachments.');
    cleanup();
    await renderRouted(<ItemDetails item={{ ...item, pii: undefined }} />, { hubUrl: hub.url });
    expect(screen.queryByTestId('pii-hidden')).toBeNull();
  });
});
