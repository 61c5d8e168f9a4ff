import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';
import { SqlAuthService } from './auth-service.js';
import { LoginThrottledError } from './login-throttle.js';

const SEC = 1_000_000;

describe.each(testDialects())('login throttling on %s', (dialect) => {
  let domain: SqlDomain;
  let now: number;
  let auth: SqlAuthService;

  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    now = Date.UTC(2026, 11, 1, 9) * 1000;
    auth = new SqlAuthService(domain.database.db, { now: () => now });
    await auth.createUser({ email: 'agent@x.com', name: 'Agent', role: 'agent', password: 'agent-pass' });
  });
  afterEach(async () => {
    await domain.close();
  });

  /** 'ok', 'wrong' or the Retry-After seconds of a refusal. */
  const attempt = (email: string, password: string, address = '10.0.0.1') =>
    auth.login(email, password, { address }).then(
      (s) => (s ? 'ok' : 'wrong'),
      (err: unknown) => {
        if (err instanceof LoginThrottledError) return err.retryAfterSeconds;
        throw err;
      },
    );

  it('after 5 failures the account waits, doubling per further failure; the right password is refused meanwhile', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt('agent@x.com', 'nope')).toBe('wrong');
    expect(await attempt('agent@x.com', 'agent-pass')).toBe(30);
    now += 10 * SEC;
    expect(await attempt('agent@x.com', 'nope')).toBe(20);
    now += 20 * SEC;
    expect(await attempt('agent@x.com', 'nope')).toBe('wrong');
    expect(await attempt('agent@x.com', 'nope')).toBe(60);
    now += 60 * SEC;
    expect(await attempt('agent@x.com', 'agent-pass')).toBe('ok');
    // A success resets the account: five more tries before the next wait.
    for (let i = 0; i < 5; i++) expect(await attempt('agent@x.com', 'nope')).toBe('wrong');
    expect(await attempt('agent@x.com', 'nope')).toBe(30);
  });

  it('an unknown account gets exactly the same answers', async () => {
    for (let i = 0; i < 5; i++) expect(await attempt('ghost@x.com', 'nope')).toBe('wrong');
    expect(await attempt('ghost@x.com', 'nope')).toBe(30);
  });

  it('parallel attempts cannot bypass the limit (the count is taken before the password is checked)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('agent@x.com', 'nope', `10.0.1.${i}`)));
    expect(results.filter((r) => r === 'wrong')).toHaveLength(5);
    expect(results.filter((r) => typeof r === 'number')).toHaveLength(15);
    expect(await attempt('agent@x.com', 'agent-pass')).toBe(30);
  });

  it('a client address spraying many accounts waits after 20 failures', async () => {
    for (let i = 0; i < 20; i++) expect(await attempt(`user${i}@x.com`, 'nope', '10.9.9.9')).toBe('wrong');
    expect(await attempt('agent@x.com', 'agent-pass', '10.9.9.9')).toBe(30);
    // Another address is not affected.
    expect(await attempt('agent@x.com', 'agent-pass', '10.9.9.10')).toBe('ok');
  });

  it('successes from one address (a shared store terminal) never lock it', async () => {
    for (let i = 0; i < 21; i++) expect(await attempt('agent@x.com', 'agent-pass', '10.5.5.5')).toBe('ok');
    // …and its earlier failures still count.
    for (let i = 0; i < 19; i++) expect(await attempt(`user${i}@x.com`, 'nope', '10.5.5.5')).toBe('wrong');
    expect(await attempt('agent@x.com', 'agent-pass', '10.5.5.5')).toBe('ok');
    expect(await attempt('user99@x.com', 'nope', '10.5.5.5')).toBe('wrong');
    expect(await attempt('agent@x.com', 'agent-pass', '10.5.5.5')).toBe(30);
  });

  it('old failures are forgotten after 15 minutes', async () => {
    for (let i = 0; i < 4; i++) await attempt('agent@x.com', 'nope');
    now += 16 * 60 * SEC;
    for (let i = 0; i < 4; i++) expect(await attempt('agent@x.com', 'nope')).toBe('wrong');
    expect(await attempt('agent@x.com', 'nope')).toBe('wrong');
    expect(await attempt('agent@x.com', 'nope')).toBe(30);
  });
});
