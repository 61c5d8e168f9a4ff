import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, TotpChallengeSchema, TotpSetupSchema } from '../../shared/index.js';
import { freshPostgresSchema } from '../storage/test-database.js';
import { tempDataDir } from '../testing/fixtures.js';
import { startHubProcess, type HubProcess } from '../testing/hub-process.js';
import { HUB_CREDENTIALS, twoHubsSkipReason } from '../testing/two-hubs.js';
import { codeAt, PERIOD_S } from './totp.js';

/*
 * Two-step sign-in on two hub processes sharing one PostgreSQL (the PG pass) and one OMNI_TOTP_KEY: a
 * challenge from hub A completes on hub B, and a code used on one hub is refused on the other.
 */
const skip = twoHubsSkipReason();
const KEY = 'shared-two-hub-totp-key-0123456789';

// Two real hub processes need DATABASE_URL (PostgreSQL) and REDIS_URL: skipped in the SQLite pass with
// twoHubsSkipReason()'s reason in the title; the PostgreSQL pass of .ci/run runs it.
describe.skipIf(skip !== undefined)(`two-step sign-in on two hubs${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<unknown> | void)[] = [];
  let a: HubProcess;
  let b: HubProcess;

  beforeAll(async () => {
    const schema = await freshPostgresSchema('totphubs');
    cleanups.push(() => schema.drop());
    const start = async (name: string) => {
      const dir = tempDataDir(`totp-${name.slice(-1).toLowerCase()}`);
      cleanups.push(dir.remove);
      const hub = await startHubProcess({ name, dataDir: dir.dir, databaseUrl: schema.url, redisUrl: process.env['REDIS_URL']!, ...HUB_CREDENTIALS, env: { OMNI_TOTP_KEY: KEY } });
      cleanups.push(() => hub.stop());
      return hub;
    };
    // One after the other: the first migrates the fresh schema.
    a = await start('hub A');
    b = await start('hub B');
  }, 120_000);
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  }, 30_000);

  const post = (hub: HubProcess, path: string, body: unknown, token?: string) =>
    fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const creds = { email: HUB_CREDENTIALS.adminEmail, password: HUB_CREDENTIALS.adminPassword };

  it('enrolled on hub A, signs in through hub B; the same code is refused on hub A', async () => {
    const token = LoginResponseSchema.parse(await (await post(a, '/api/v1/auth/login', creds)).json()).token;
    const setup = TotpSetupSchema.parse(await (await post(a, '/api/v1/auth/totp/setup', {}, token)).json());
    const secret = setup.secretGroups.join('');
    expect((await post(a, '/api/v1/auth/totp/enable', { code: codeAt(secret, Date.now() * 1000) }, token)).status).toBe(200);

    const code = codeAt(secret, Date.now() * 1000 + PERIOD_S * 1_000_000);
    const onA = TotpChallengeSchema.parse(await (await post(a, '/api/v1/auth/login', creds)).json());
    const session = await post(b, '/api/v1/auth/login/totp', { challenge: onA.challenge, code });
    expect(session.status).toBe(200);
    expect(LoginResponseSchema.parse(await session.json()).user.email).toBe(creds.email);

    const again = TotpChallengeSchema.parse(await (await post(b, '/api/v1/auth/login', creds)).json());
    const replay = await post(a, '/api/v1/auth/login/totp', { challenge: again.challenge, code });
    expect(replay.status).toBe(401);
  });
});
