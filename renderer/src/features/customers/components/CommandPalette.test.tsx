import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { CustomerSummary } from '../../../../../shared/index.js';
import { renderRouted } from '../../../test/render-routed.js';
import { openedCustomer } from '../../../test/opened-customer.js';
import { usePalette } from '../palette-store.js';
import { startTinyHub } from '../../../test/tiny-hub.js';
import { CommandPalette } from './CommandPalette.js';

const person = (id: string, name: string, email: string): CustomerSummary => ({
  id, displayName: name, emails: [email], phones: ['+14155550142'], loyaltyIds: [`LOY-${id}`], externalIds: [], lastActivityAt: new Date().toISOString(), eventCount: 3,
});
const RECENT = [person('c1', 'Maya Chen', 'maya@x.co'), person('c2', 'Ann Lee', 'ann@x.co'), person('c3', 'Bo Diaz', 'bo@x.co')];

let hub: Awaited<ReturnType<typeof startTinyHub>>;
beforeEach(async () => {
  usePalette.getState().reset();
  hub = await startTinyHub((r) => {
    const q = r.url.searchParams.get('q') ?? '';
    return { status: 200, body: { customers: q ? RECENT.filter((c) => c.displayName.toLowerCase().includes(q.toLowerCase())) : RECENT } };
  });
});
afterEach(async () => {
  cleanup();
  await hub.close();
});

let router: Awaited<ReturnType<typeof renderRouted>>['router'];
async function renderPalette() {
  ({ router } = await renderRouted(
    <>
      <button type="button">elsewhere</button>
      <CommandPalette />
    </>,
    { hubUrl: hub.url },
  ));
}
const selected = () => screen.getAllByTestId('palette-result').findIndex((el) => el.getAttribute('aria-selected') === 'true');

describe('CommandPalette', () => {
  it('opens with Ctrl+K from anywhere, lists recent customers, navigates with arrows and opens with Enter', async () => {
    await renderPalette();
    expect(screen.queryByTestId('palette')).toBeNull();
    screen.getByText('elsewhere').focus();
    act(() => void fireEvent.keyDown(window, { key: 'k', ctrlKey: true }));
    const input = screen.getByTestId('palette-input');
    expect(document.activeElement).toBe(input);
    await waitFor(() => expect(screen.getAllByTestId('palette-result')).toHaveLength(3));
    expect(screen.getAllByTestId('palette-result')[0]!.textContent).toContain('maya@x.co');
    expect(selected()).toBe(0);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(selected()).toBe(2);
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByTestId('palette-result')[2]!.id);
    fireEvent.keyDown(input, { key: 'ArrowDown' }); // wraps
    expect(selected()).toBe(0);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(selected()).toBe(2);
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(openedCustomer(router)).toBe('c3'));
    expect(screen.queryByTestId('palette')).toBeNull();
  });

  it('searches the hub as the agent types and closes with Escape, returning focus', async () => {
    await renderPalette();
    const trigger = screen.getByText('elsewhere');
    trigger.focus();
    act(() => void fireEvent.keyDown(window, { key: 'K', metaKey: true }));
    const input = screen.getByTestId('palette-input');
    fireEvent.change(input, { target: { value: 'ann' } });
    await waitFor(() => expect(screen.getAllByTestId('palette-result').map((r) => r.textContent)).toEqual([expect.stringContaining('Ann Lee')]));
    expect(hub.requests.some((r) => r.url.searchParams.get('q') === 'ann')).toBe(true);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByTestId('palette')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('opens with / only outside text fields', async () => {
    await renderPalette();
    const field = document.createElement('input');
    document.body.appendChild(field);
    act(() => void fireEvent.keyDown(field, { key: '/' }));
    expect(screen.queryByTestId('palette')).toBeNull();
    act(() => void fireEvent.keyDown(document.body, { key: '/' }));
    expect(screen.getByTestId('palette')).toBeTruthy();
    field.remove();
  });
});
