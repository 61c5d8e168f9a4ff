import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { TotpChallengeSchema, TotpSetupSchema, type TotpChallenge } from '../../../../../shared/index.js';
import { renderRouted } from '../../../test/render-routed.js';
import { startTinyHub, type TinyRequest } from '../../../test/tiny-hub.js';
import { useSession } from '../session-store.js';
import { LoginScreen } from './LoginScreen.js';
import { TwoStepDialog } from './TwoStepDialog.js';

/* The console's side of two-step sign-in, over real fetch against canned hub answers shaped by shared/totp.ts. */

const USER = { id: 'usr_1', email: 'root@x.com', name: 'Root', role: 'admin' as const };
const SETUP = TotpSetupSchema.parse({
  otpauthUri: 'otpauth://totp/Omni%20Console:root%40x.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0h1v1H0z"/></svg>',
  secretGroups: ['JBSW', 'Y3DP', 'EHPK', '3PXP', 'JBSW', 'Y3DP', 'EHPK', '3PXP'],
  issuer: 'Omni Console',
  account: 'root@x.com',
});
const wrongCode = { status: 401, body: { error: { code: 'unauthorized', message: 'the code is not correct (or was already used): enter the next code your app shows', issues: [{ path: 'code', message: 'wrong' }] } } };
const expired = { status: 401, body: { error: { code: 'unauthorized', message: 'this sign-in has expired: enter your password again', issues: [{ path: 'challenge', message: 'expired' }] } } };

let hub: Awaited<ReturnType<typeof startTinyHub>> | undefined;
afterEach(async () => {
  cleanup();
  useSession.getState().signOut();
  await hub?.close();
  hub = undefined;
});

function loginHub(challenge: TotpChallenge, onCode: (r: TinyRequest) => { status: number; body: unknown }) {
  return startTinyHub((r) => {
    if (r.url.pathname === '/api/v1/auth/login') return { status: 200, body: TotpChallengeSchema.parse(challenge) };
    if (r.url.pathname === '/api/v1/auth/login/totp/setup') return { status: 200, body: SETUP };
    if (r.url.pathname === '/api/v1/auth/login/totp') return onCode(r);
    return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
  });
}

async function typePassword() {
  fireEvent.change(screen.getByTestId('login-email'), { target: { value: 'root@x.com' } });
  fireEvent.change(screen.getByTestId('login-password'), { target: { value: 'admin-pass' } });
  fireEvent.click(screen.getByTestId('login-submit'));
  return screen.findByTestId('totp-code');
}

const challenge = (secondFactor: TotpChallenge['secondFactor']): TotpChallenge => ({ secondFactor, challenge: 'ch_1', expiresAt: '2026-12-02T10:05:00.000Z' });

describe('sign-in with a code', () => {
  it('asks for the code after the password, shows the hub’s refusal, and signs in with the right code', async () => {
    hub = await loginHub(challenge('totp'), (r) => {
      const { code } = JSON.parse(r.body) as { code: string };
      return code.replace(/\s/g, '') === '123456' ? { status: 200, body: { token: 'tok-1', user: USER, passwordChangeRequired: false } } : wrongCode;
    });
    const onSignedIn = vi.fn();
    await renderRouted(<LoginScreen onSignedIn={onSignedIn} />, { hubUrl: hub.url });
    const code = await typePassword();
    expect(useSession.getState().token).toBeNull();

    fireEvent.change(code, { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('totp-submit'));
    expect((await screen.findByTestId('totp-error')).textContent).toMatch(/6 digits/);

    fireEvent.change(code, { target: { value: '000000' } });
    fireEvent.click(screen.getByTestId('totp-submit'));
    await waitFor(() => expect(screen.getByTestId('totp-error').textContent).toMatch(/^The code is not correct/));

    fireEvent.change(code, { target: { value: '123 456' } });
    fireEvent.click(screen.getByTestId('totp-submit'));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalled());
    expect(useSession.getState().token).toBe('tok-1');
    const sent = hub.requests.filter((r) => r.url.pathname === '/api/v1/auth/login/totp').map((r) => JSON.parse(r.body) as { challenge: string });
    expect(sent.every((b) => b.challenge === 'ch_1')).toBe(true);
  });

  it('an admin who must enrol sees the QR code and key, and the first right code signs in', async () => {
    hub = await loginHub(challenge('totp-enroll'), () => ({ status: 200, body: { token: 'tok-2', user: USER, passwordChangeRequired: false } }));
    await renderRouted(<LoginScreen />, { hubUrl: hub.url });
    const code = await typePassword();
    expect(screen.getByRole('heading').textContent).toBe('Set up two-step sign-in');
    const qr = await screen.findByRole('img');
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(screen.getByTestId('totp-secret').textContent).toBe(SETUP.secretGroups.join(''));
    fireEvent.change(code, { target: { value: '654321' } });
    fireEvent.click(screen.getByTestId('totp-submit'));
    await waitFor(() => expect(useSession.getState().token).toBe('tok-2'));
  });

  it('an expired challenge sends the person back to email and password', async () => {
    hub = await loginHub(challenge('totp'), () => expired);
    await renderRouted(<LoginScreen />, { hubUrl: hub.url });
    const code = await typePassword();
    fireEvent.change(code, { target: { value: '123456' } });
    fireEvent.click(screen.getByTestId('totp-submit'));
    expect((await screen.findByTestId('totp-error')).textContent).toMatch(/expired/);
    fireEvent.click(screen.getByTestId('totp-restart'));
    expect(await screen.findByTestId('login-password')).toHaveProperty('value', '');
  });
});

describe('two-step settings', () => {
  it('sets up with the app and turns on with a code', async () => {
    let enabled = false;
    hub = await startTinyHub((r) => {
      if (r.url.pathname === '/api/v1/auth/totp') return { status: 200, body: { enabled, required: false } };
      if (r.url.pathname === '/api/v1/auth/totp/setup') return { status: 200, body: SETUP };
      if (r.url.pathname === '/api/v1/auth/totp/enable') {
        const { code } = JSON.parse(r.body) as { code: string };
        if (code !== '111222') return { status: 400, body: { error: { code: 'invalid_request', message: 'the code is not correct', issues: [{ path: 'code', message: 'wrong' }] } } };
        enabled = true;
        return { status: 200, body: { enabled, required: false } };
      }
      return { status: 404, body: { error: { code: 'not_found', message: 'no route', issues: [] } } };
    });
    await renderRouted(<TwoStepDialog onClose={() => undefined} />, { hubUrl: hub.url, token: 'tok' });
    expect((await screen.findByTestId('two-step-state')).textContent).toMatch(/is off/);
    fireEvent.click(screen.getByTestId('two-step-setup'));
    const code = await screen.findByTestId('totp-code');
    fireEvent.change(code, { target: { value: '999999' } });
    fireEvent.click(screen.getByTestId('two-step-submit'));
    expect((await screen.findByTestId('totp-error')).textContent).toMatch(/not correct/);
    fireEvent.change(screen.getByTestId('totp-code'), { target: { value: '111222' } });
    fireEvent.click(screen.getByTestId('two-step-submit'));
    await waitFor(() => expect(screen.getByTestId('two-step-state').textContent).toMatch(/is on/));
  });
});
