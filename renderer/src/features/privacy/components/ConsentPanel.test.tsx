import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ChannelConsent } from '../../../../../shared/index.js';
import { ConsentPanel } from './ConsentPanel.js';
import { testProfile } from './test-profile.js';

afterEach(cleanup);

const profile = (consents: ChannelConsent[] | undefined) => testProfile(consents ? { consents } : {});

describe('ConsentPanel', () => {
  it('shows each channel with its source event in words, never the event id', () => {
    render(
      <ConsentPanel
        profile={profile([
          { channel: 'email', state: 'granted', source: { eventId: 'evt_01JSECRET', occurredAt: '2026-11-02T10:00:00.000Z', channel: 'web', type: 'account.created', description: 'Shopify online account created: email marketing allowed' } },
          { channel: 'sms', state: 'denied', source: { eventId: 'evt_01JSTOP', occurredAt: '2026-11-20T10:00:00.000Z', channel: 'sms', type: 'sms.inbound', description: 'Text message from the customer: replied "STOP"' } },
        ])}
      />,
    );
    const panel = screen.getByTestId('consent-panel');
    expect(within(screen.getByTestId('consent-email')).getByText('Allowed')).toBeTruthy();
    expect(screen.getByTestId('consent-email').textContent).toContain('Shopify online account created: email marketing allowed');
    expect(screen.getByTestId('consent-sms').textContent).toContain('Not allowed');
    expect(screen.getByTestId('consent-sms').textContent).toContain('replied "STOP"');
    expect(panel.textContent).not.toMatch(/evt_|sms\.inbound|account\.created/);
  });

  it('says when nothing is known, and renders nothing for a hub without consents', () => {
    render(<ConsentPanel profile={profile([{ channel: 'email', state: 'unknown', source: null }])} />);
    expect(screen.getByTestId('consent-email').textContent).toContain('Not known');
    cleanup();
    const { container } = render(<ConsentPanel profile={profile(undefined)} />);
    expect(container.textContent).toBe('');
  });
});
