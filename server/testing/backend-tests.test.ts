import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backendTestFiles } from './backend-tests.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the PostgreSQL pass takes the test files that can behave differently on it', () => {
  const files = backendTestFiles(ROOT);

  it('includes suites that open a store, a hub or hub processes, directly or through helpers', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'server/testing/two-hubs.test.ts', // hub processes on one database and Redis
        'server/merges/merge-service.test.ts', // a test database through a helper
        'server/realtime/redis.test.ts', // Redis alone
        'server/routing/routing-two-hubs.test.ts',
        'server/hub.test.ts',
      ]),
    );
  });

  it('leaves out pure code that runs the same on both passes', () => {
    for (const pure of ['server/clv/bgnbd.test.ts', 'server/identity/matching/febrl.test.ts', 'server/sla/business-time.test.ts']) expect(files).not.toContain(pure);
  });
});
