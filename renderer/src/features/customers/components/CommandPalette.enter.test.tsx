import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { createHubFetch } from '../../../api/hub-fetch.js';
import { renderRouted } from '../../../test/render-routed.js';
import { openedCustomer } from '../../../test/opened-customer.js';
import { usePalette } from '../palette-store.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { CommandPalette } from './CommandPalette.js';

/*
 * Enter pressed the instant the last character lands (a barcode scanner, a pasted email) must act
 * on the answer to that text. The hub here answers the recent list at once and searches slowly,
 * and ranks by recency, so a near-miss often comes before the customer that was typed.
 */

const person = (id: string, name: string, ids: { email: string; phone: string; loyalty: string }, minutesAgo: number): CustomerSummary => ({
  id,
  displayName: name,
  emails: [ids.email],
  phones: [ids.phone],
  loyaltyIds: [ids.loyalty],
  externalIds: [],
  lastActivityAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
  eventCount: 3,
});
const PEOPLE = [
  person('recent-1', 'Maya Chen', { email: 'maya@x.co', phone: '+14155550100', loyalty: 'LOY-900001' }, 1),
  person('recent-2', 'Bo Diaz', { email: 'bo@x.co', phone: '+14155550101', loyalty: 'LOY-900002' }, 2),
  // Prefix near-misses, more recently active than the customers typed below.
  person('near-email', 'Ann Leeward', { email: 'ann.lee@x.com', phone: '+12065550199', loyalty: 'LOY-1000420' }, 3),
  person('near-phone', 'Cy Young', { email: 'cy@x.co', phone: '+13125550142', loyalty: 'LOY-7' }, 4),
  person('ann', 'Ann Lee', { email: 'ann.lee@x.co', phone: '+12065550142', loyalty: 'LOY-100042' }, 30),
];

/** The hub's matching, roughly: substring of name / email / loyalty digits / phone digits, most recent first. */
function hubSearch(q: string): CustomerSummary[] {
  if (!q) return PEOPLE.slice(0, 2);
  const lower = q.toLowerCase();
  const digits = q.replace(/\D/g, '');
  return PEOPLE.filter(
    (c) =>
      c.displayName.toLowerCase().includes(lower) ||
      c.emails.some((e) => e.includes(lower)) ||
      c.loyaltyIds.some((l) => l.toLowerCase().includes(lower)) ||
      (digits.length >= 7 && c.phones.some((p) => p.replace(/\D/g, '').endsWith(digits.slice(-7)))),
  );
}

let hub: Awaited<ReturnType<typeof startTinyHub>>;
let delayFor: (q: string) => number;
let offline = false;
let signals: { q: string; signal: AbortSignal | null | undefined }[] = [];
beforeEach(async () => {
  usePalette.getState().reset();
  offline = false;
  signals = [];
  delayFor = (q) => (q ? 120 : 0);
  hub = await startTinyHub(async (r) => {
    const q = r.url.searchParams.get('q') ?? '';
    await new Promise((resolve) => setTimeout(resolve, delayFor(q)));
    return { status: 200, body: { customers: hubSearch(q) } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

let router: Awaited<ReturnType<typeof renderRouted>>['router'];
async function renderPalette() {
  const hubFetch = createHubFetch({
    baseUrl: hub.url,
    getToken: () => 'tok',
    fetchImpl: (input, init) => {
      signals.push({ q: new URL(String(input)).searchParams.get('q') ?? '', signal: init?.signal });
      if (offline) return Promise.reject(new TypeError('Failed to fetch'));
      return fetch(input, init);
    },
  });
  ({ router } = await renderRouted(<CommandPalette />, { hubUrl: hub.url, hub: hubFetch }));
  act(() => void fireEvent.keyDown(window, { key: 'k', ctrlKey: true }));
  return screen.getByTestId('palette-input');
}
const rows = () => screen.queryAllByTestId('palette-result').map((el) => el.textContent ?? '');
const status = () => screen.getByTestId('palette-status').textContent ?? '';

/** Character by character, like a scanner, then Enter in the same tick. */
function scan(input: HTMLElement, text: string): void {
  for (let i = 1; i <= text.length; i++) fireEvent.change(input, { target: { value: text.slice(0, i) } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('CommandPalette: Enter right after typing', () => {
  it.each([
    ['email', 'ann.lee@x.co'],
    ['loyalty id with its prefix', 'LOY-100042'],
    ['loyalty id without its prefix', '100042'],
    ['phone as written', '(206) 555-0142'],
    ['phone in E.164', '+12065550142'],
  ])('opens the customer whose %s was typed, not the recent list’s top row', async (_kind, typed) => {
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2)); // the recent list is on screen
    scan(input, typed);
    // While the answer is on its way nothing is listed, counted or opened.
    expect(rows()).toEqual([]);
    expect(status()).toMatch(/Searching/);
    expect(openedCustomer(router)).toBeNull();
    await waitFor(() => expect(openedCustomer(router)).toBe('ann'));
    expect(screen.queryByTestId('palette')).toBeNull();
  });

  it('loads the timeline of an exact match before Enter, without reading (auditing) its profile', async () => {
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    for (let i = 1; i <= 'ann.lee@x.co'.length; i++) fireEvent.change(input, { target: { value: 'ann.lee@x.co'.slice(0, i) } });
    await waitFor(() => expect(rows()[0]).toContain('Ann Lee'));
    await waitFor(() => expect(hub.requests.some((r) => r.url.pathname === '/api/v1/customers/ann/timeline')).toBe(true));
    // A prefix match on top ('ann.lee@x.com' for 'ann.lee@x.c') is not prefetched, and no profile is read.
    expect(hub.requests.some((r) => r.url.pathname === '/api/v1/customers/near-email/timeline')).toBe(false);
    expect(hub.requests.some((r) => r.url.pathname === '/api/v1/customers/ann')).toBe(false);
    expect(openedCustomer(router)).toBeNull();
  });

  it('loads the timeline of the only match left while the agent is still typing, without reading its profile', async () => {
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(input, { target: { value: 'cy@' } }); // not an identifier yet, but only Cy Young matches
    await waitFor(() => expect(rows()).toHaveLength(1));
    await waitFor(() => expect(hub.requests.some((r) => r.url.pathname === '/api/v1/customers/near-phone/timeline')).toBe(true));
    expect(hub.requests.some((r) => r.url.pathname === '/api/v1/customers/near-phone')).toBe(false);
    expect(openedCustomer(router)).toBeNull();
  });

  it('asks no search for text already superseded, and opens nothing when the typed text matches no one', async () => {
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    scan(input, 'zzz@nowhere.example');
    await waitFor(() => expect(status()).toBe('No customers match “zzz@nowhere.example”'));
    expect(rows()).toEqual([]);
    expect(openedCustomer(router)).toBeNull();
    // 19 keys, one search on the wire at a time: the first key's, then (once it answered) the final text's.
    const searches = signals.filter((s) => s.q !== '');
    expect(searches.map((s) => s.q)).toEqual(['z', 'zzz@nowhere.example']);
    expect(searches.every((s) => !s.signal?.aborted)).toBe(true);
  });

  it('Enter asks for the final text at once and opens its top row, without waiting for a slow search still out', async () => {
    delayFor = (q) => (q === 'a' ? 400 : q ? 20 : 0);
    const answered: string[] = [];
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    const slow = delayFor;
    delayFor = (q) => {
      setTimeout(() => answered.push(q), slow(q));
      return slow(q);
    };
    scan(input, 'ann.lee@x.co');
    await waitFor(() => expect(openedCustomer(router)).toBe('ann'));
    expect(answered).not.toContain('a'); // opened while the first key's search was still out
    expect(screen.queryByTestId('palette')).toBeNull();
  });

  it('shows a cached answer at once, dropping the search still out', async () => {
    delayFor = (q) => (q === 'ann.lee@x.co' ? 400 : q ? 20 : 0);
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(input, { target: { value: 'ann' } });
    await waitFor(() => expect(status()).toBe('2 matching customers'));
    fireEvent.change(input, { target: { value: 'ann.lee@x.co' } });
    expect(status()).toMatch(/Searching/);
    fireEvent.change(input, { target: { value: 'ann' } });
    expect(status()).toBe('2 matching customers');
    expect(signals.find((s) => s.q === 'ann.lee@x.co')!.signal?.aborted).toBe(true);
  });

  it('never shows a late answer to an earlier query', async () => {
    delayFor = (q) => (q === 'cy' ? 400 : q ? 20 : 0);
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    fireEvent.change(input, { target: { value: 'cy' } });
    fireEvent.change(input, { target: { value: 'cy young' } });
    await waitFor(() => expect(status()).toBe('1 matching customer'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rows()).toEqual([expect.stringContaining('Cy Young')]);
    expect(status()).toBe('1 matching customer');
  });

  it('lists the customer named exactly first even when the hub ranks a near-miss higher', async () => {
    const input = await renderPalette();
    fireEvent.change(input, { target: { value: 'LOY-100042' } });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toContain('Ann Lee');
    expect(screen.getAllByTestId('palette-result')[0]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(openedCustomer(router)).toBe('ann');
  });

  it('says it cannot reach the hub instead of listing old results, and Enter tries again', async () => {
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    offline = true;
    fireEvent.change(input, { target: { value: 'ann.lee@x.co' } });
    await waitFor(() => expect(status()).toMatch(/Can’t reach the hub/));
    expect(rows()).toEqual([]);
    expect(status()).not.toMatch(/matching/);
    offline = false;
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(openedCustomer(router)).toBe('ann'));
  });

  it('an Enter made stale by more typing does not fire on the old text', async () => {
    delayFor = (q) => (q ? 150 : 0);
    const input = await renderPalette();
    await waitFor(() => expect(rows()).toHaveLength(2));
    scan(input, 'ann');
    fireEvent.change(input, { target: { value: 'ann.lee@x.c' } });
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(openedCustomer(router)).toBeNull();
    expect(screen.getByTestId('palette')).toBeTruthy();
  });
});
