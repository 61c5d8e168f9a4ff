import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, LoginResponseSchema, LoginStepResponseSchema, TotpChallengeSchema, TotpSetupSchema, TotpStatusSchema } from '../../../shared/index.js';
import { codeAt, PERIOD_S } from '../../auth/totp.js';
import type { SqlDomain } from '../../create-domain.js';
import { startHub, type RunningHub } from '../../hub.js';
import { TEST_ADMIN, testConfig, testStore, type TestStore } from '../test-support.js';

/* Two-step sign-in end to end on a real hub with OMNI_REQUIRE_2FA=admin (real clock: codes are made from the secret the hub shows). */

let hub: RunningHub;
let store: TestStore;

beforeAll(async () => {
  store = await testStore('totp-routes');
  hub = await startHub(testConfig(store, { require2fa: 'admin' }));
});
afterAll(async () => {
  await hub?.close();
  await store?.remove();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const get = (path: string, token: string) => fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const nowUs = () => Date.now() * 1000;
const STEP_US = PERIOD_S * 1_000_000;
const secretOf = (setup: { secretGroups: string[] }) => setup.secretGroups.join('');

async function issueOf(res: Response) {
  return ApiErrorSchema.parse(await res.json()).error.issues[0]?.path;
}

describe('two-step sign-in over HTTP', () => {
  it('an admin must enrol at sign-in before any session exists; then cannot turn it off', async () => {
    const first = await post('/api/v1/auth/login', TEST_ADMIN);
    expect(first.status).toBe(200);
    const challenge = TotpChallengeSchema.parse(await first.json());
    expect(challenge.secondFactor).toBe('totp-enroll');

    expect(await issueOf(await post('/api/v1/auth/login/totp/setup', {}))).toBe('challenge');
    const setupRes = await post('/api/v1/auth/login/totp/setup', { challenge: challenge.challenge });
    expect(setupRes.status).toBe(200);
    const setup = TotpSetupSchema.parse(await setupRes.json());

    const badFormat = await post('/api/v1/auth/login/totp', { challenge: challenge.challenge, code: '12' });
    expect(badFormat.status).toBe(400);
    expect(await issueOf(badFormat)).toBe('code');
    const wrong = await post('/api/v1/auth/login/totp', { challenge: challenge.challenge, code: codeAt(secretOf(setup), nowUs() + 5 * STEP_US) });
    expect(wrong.status).toBe(401);
    expect(await issueOf(wrong)).toBe('code');

    const ok = await post('/api/v1/auth/login/totp', { challenge: challenge.challenge, code: codeAt(secretOf(setup), nowUs()) });
    expect(ok.status).toBe(200);
    const { token } = LoginResponseSchema.parse(await ok.json());
    expect(TotpStatusSchema.parse(await (await get('/api/v1/auth/totp', token)).json())).toEqual({ enabled: true, required: true });
    const disable = await post('/api/v1/auth/totp/disable', { code: codeAt(secretOf(setup), nowUs() + STEP_US) }, token);
    expect(disable.status).toBe(403);

    // The key sealing secrets lives beside the data, owner-only, never in the database.
    if (process.platform !== 'win32') expect(statSync(join(store.dir, 'totp.key')).mode & 0o077).toBe(0);
  });

  it('an agent enrols while signed in, then signs in with password + code; wrong codes end in 429 with Retry-After', async () => {
    await (hub.domain as SqlDomain).auth.createUser({ email: 'totp-agent@x.com', name: 'Agent', role: 'agent', password: 'agent-pass' });
    const creds = { email: 'totp-agent@x.com', password: 'agent-pass' };
    const plain = LoginStepResponseSchema.parse(await (await post('/api/v1/auth/login', creds)).json());
    expect('token' in plain).toBe(true);
    const token = (plain as { token: string }).token;

    const setup = TotpSetupSchema.parse(await (await post('/api/v1/auth/totp/setup', {}, token)).json());
    expect(setup.qrSvg.startsWith('<svg')).toBe(true);
    const wrong = await post('/api/v1/auth/totp/enable', { code: '000000' }, token);
    expect(wrong.status).toBe(400);
    expect(await issueOf(wrong)).toBe('code');
    const on = await post('/api/v1/auth/totp/enable', { code: codeAt(secretOf(setup), nowUs()) }, token);
    expect(TotpStatusSchema.parse(await on.json())).toEqual({ enabled: true, required: false });

    const step = TotpChallengeSchema.parse(await (await post('/api/v1/auth/login', creds)).json());
    expect(step.secondFactor).toBe('totp');
    const session = await post('/api/v1/auth/login/totp', { challenge: step.challenge, code: codeAt(secretOf(setup), nowUs() + STEP_US) });
    expect(LoginResponseSchema.parse(await session.json()).user.email).toBe('totp-agent@x.com');

    const again = TotpChallengeSchema.parse(await (await post('/api/v1/auth/login', creds)).json());
    let last: Response | null = null;
    for (let i = 0; i < 5; i++) last = await post('/api/v1/auth/login/totp', { challenge: again.challenge, code: '000000' });
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await issueOf(last!)).toBe('code');
  });
});
