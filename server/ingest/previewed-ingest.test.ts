import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../shared/actor.js';
import type { SqlDomain } from '../create-domain.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { testDialects } from '../storage/test-database.js';

/*
 * `previewed` (the widget's messages): work that became ready while the commit ran (here an
 * immediate queued from inside the write, standing in for a request read meanwhile) goes before the batch's
 * fan-out; without it (SQLite) the fan-out comes first. Either way the caller is answered after its facts are published.
 */
describe.each(testDialects())('ingest previewed on %s', (dialect) => {
  let domain: SqlDomain;
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
  });
  afterEach(async () => {
    await domain.close();
  });

  async function order(previewed: boolean): Promise<string[]> {
    const seen: string[] = [];
    const off = domain.events.subscribe('order-probe', { 'event.created': () => void seen.push('published') });
    let armed = true;
    domain.ingest.addWriteHook(async () => {
      if (!armed) return;
      armed = false;
      setImmediate(() => seen.push('io'));
    });
    try {
      await domain.ingest.ingest(systemActor('test'), [testEvent({ email: `io${String(previewed)}@x.com` })], { previewed });
      seen.push('answered');
      // Let the queued immediate run when it was not ahead of the fan-out.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return seen;
    } finally {
      off();
    }
  }

  it('by default publishes right after the commit (on SQLite, whose commit blocks the loop: before work queued meanwhile)', async () => {
    const seen = await order(false);
    // PostgreSQL's commit is a network round trip: the queued work runs during it anyway.
    expect(seen).toEqual(dialect === 'sqlite' ? ['published', 'answered', 'io'] : ['io', 'published', 'answered']);
  });

  it('previewed lets work queued during the commit run first, then publishes, then answers', async () => {
    expect(await order(true)).toEqual(['io', 'published', 'answered']);
  });
});
