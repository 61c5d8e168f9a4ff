import { afterEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../../shared/index.js';
import { domainOn, type SqlDomain } from '../../create-domain.js';
import { testEvent } from '../../storage/test-domain.js';
import { openTestDatabase, testDialects } from '../../storage/test-database.js';
import { fitInProcess, fitInWorker } from './match-fit-runner.js';
import { matchDb } from './match-store.js';

const actor = systemActor('test');

/* A refit in a worker thread over its own connection (SQLite file or PostgreSQL URL) learns what the hub would. */

describe.each(testDialects())('match refit worker on %s', (dialect) => {
  let domain: SqlDomain | null = null;
  afterEach(async () => {
    await domain?.close();
    domain = null;
  });

  it('reads the stored index over its own connection and learns the same model as an in-hub refit', async () => {
    domain = await domainOn(await openTestDatabase(dialect), { defaultRegion: 'US' });
    // People sharing surnames and birth dates (blocks with pairs), a few of them twice under another email.
    const events = Array.from({ length: 300 }, (_, k) =>
      testEvent({ email: `p${k}@x.example`, name: `Person${k % 240} Surname${k % 31}` }, { data: { dateOfBirth: `19${50 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}` } }),
    );
    await domain.ingest.ingest(actor, events);
    await domain.events.idle();
    await domain.duplicates.index.settled();
    const raw = domain.database.raw;
    const source = raw.dialect === 'sqlite' ? { file: raw.sqlite.name } : { databaseUrl: raw.url! };
    const inWorker = await fitInWorker(source);
    const inHub = await fitInProcess(matchDb(domain.database.db));
    expect(inWorker.profiles).toBe(300);
    expect(inWorker.pairs).toBeGreaterThan(0);
    expect(inWorker.pairs).toBe(inHub.pairs);
    expect(inWorker.model.prior).toBeCloseTo(inHub.model.prior, 9);
    for (let f = 0; f < inHub.model.w.length; f++) for (let l = 0; l < 3; l++) expect(inWorker.model.w[f]![l]!).toBeCloseTo(inHub.model.w[f]![l]!, 9);
  });

  it('fails clearly when given neither a file nor a URL', async () => {
    await expect(fitInWorker({})).rejects.toThrow(/neither a SQLite file nor a PostgreSQL URL/);
  });
});
