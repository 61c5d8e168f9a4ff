import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor, userActor, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { tempDataDir } from '../http/test-support.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain, testEvent } from '../storage/test-domain.js';
import { privacyOf } from './port.js';

/* Erasure as one transaction, on both backends: nothing half-erased when it fails; merges and files handled. */

describe.each(testDialects())('erasure on %s', (dialect) => {
  let domain: SqlDomain;
  let files: { dir: string; remove(): void };
  beforeEach(async () => {
    ({ domain } = await openTestDomain(dialect));
    files = tempDataDir('att');
  });
  afterEach(async () => {
    await domain.close();
    files.remove();
  });
  const db = () => domain.database.db;
  const ingest = async (events: IngestEvent[]) => (await domain.ingest.ingest(systemActor('test'), events)).results;
  const snapshot = async () => ({
    customers: await db().selectFrom('customers').selectAll().orderBy('id').execute(),
    identifiers: await db().selectFrom('identifiers').selectAll().orderBy('kind').orderBy('value').execute(),
    events: await db().selectFrom('events').select(['id', 'data', 'summary', 'source_event_id', 'identity']).orderBy('id').execute(),
    merges: await db().selectFrom('merges').selectAll().orderBy('id').execute(),
    deadLetters: await db().selectFrom('dead_letters').selectAll().orderBy('id').execute(),
  });

  it('writes nothing when the erasure fails part-way (no partial erasure)', async () => {
    const [r] = await ingest([testEvent({ email: 'gone@x.test', name: 'Gina Gone', phone: '4155550111' }, { channel: 'purchase', type: 'order', data: { orderNumber: 'G-1', total: 20, currency: 'USD' } })]);
    await domain.connectors.recordDeadLetter(systemActor('connector:events'), { connector: 'events', httpStatus: 400, reason: 'bad', headers: {}, url: '/api/v1/events', contentType: 'application/json', body: Buffer.from('{"email":"gone@x.test"}') });
    const before = await snapshot();
    // The last write of an erasure is its record: without its table the transaction fails at the very end.
    await sql`drop table privacy_erasures`.execute(db());
    await expect(privacyOf(domain).erase(systemActor('test'), r!.customerId, 'asked to be forgotten', files.dir)).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
    expect(await db().withTables<{ privacy_tombstones: { hash: string } }>().selectFrom('privacy_tombstones').select('hash').execute()).toEqual([]);
  });

  it('a merge of an erased person can be undone without bringing anything back; attachments only they held are deleted', async () => {
    const bytes = Buffer.from('private scan');
    const sha = createHash('sha256').update(bytes).digest('hex');
    mkdirSync(join(files.dir, sha.slice(0, 2)), { recursive: true });
    writeFileSync(join(files.dir, sha.slice(0, 2), sha), bytes);
    const [a] = await ingest([testEvent({ email: 'ann@x.test', name: 'Ann Able' }, { data: { attachments: [{ filename: 'id.png', sha256: sha, stored: true }] } })]);
    const [b] = await ingest([testEvent({ phone: '4155550122', name: 'Ann Able' })]);
    const lead = userActor(await domain.auth.createUser({ email: 'lead@x.test', name: 'Lead', role: 'lead', password: 'lead-password-1' }));
    const m = await domain.merges.merge(lead, b!.customerId, a!.customerId, 'same person (ann@x.test)');
    const erased = await privacyOf(domain).erase(lead, a!.customerId, 'asked to be forgotten', files.dir);
    expect(new Set(erased.customerIds)).toEqual(new Set([a!.customerId, b!.customerId]));
    expect(erased.attachments).toBe(1);
    expect(existsSync(join(files.dir, sha.slice(0, 2), sha))).toBe(false);
    const merge = await db().selectFrom('merges').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
    expect(merge.reason).toBe('(reason erased)');
    expect(JSON.stringify(merge)).not.toMatch(/ann@x|Ann Able|4155550122/);
    await domain.merges.undo(lead, m.id, 'check');
    const all = JSON.stringify(await snapshot());
    expect(all).not.toMatch(/ann@x|Ann Able|4155550122|id\.png/);
    const names = await db().selectFrom('customers').select('display_name').where('id', 'in', [a!.customerId, b!.customerId]).execute();
    expect(names.map((n) => n.display_name)).toEqual(['Erased customer', 'Erased customer']);
  });

  it('a re-import of an erased event in a mixed batch answers it and writes the rest', async () => {
    const old = testEvent({ email: 'old@x.test' }, { sourceEventId: 'imp-1' });
    const [r] = await ingest([old]);
    await privacyOf(domain).erase(systemActor('test'), r!.customerId, 'asked to be forgotten', undefined);
    const results = await ingest([testEvent({ email: 'new@x.test' }, { sourceEventId: 'imp-2' }), old, testEvent({ email: 'old@x.test' }, { sourceEventId: 'imp-3' })]);
    expect(results.map((x) => [x.sourceEventId, x.status])).toEqual([
      ['imp-2', 'created'],
      ['imp-1', 'duplicate'],
      ['imp-3', 'created'],
    ]);
    expect(results[1]!.customerId).toBe(r!.customerId);
    // Only the event is remembered, as a hash; no hash of the erased email is kept (a guessable value).
    const kept = await db().withTables<{ privacy_tombstones: { hash: string; kind: string } }>().selectFrom('privacy_tombstones').select(['kind', 'hash']).execute();
    expect(kept.map((t) => t.kind)).toEqual(['event']);
    const emailHash = createHash('sha256').update('identifier\u0000email:old@x.test').digest('hex');
    expect(kept.map((t) => t.hash)).not.toContain(emailHash);
    expect(results[2]!.customerId).not.toBe(r!.customerId);
    expect(await db().selectFrom('events').select('id').where('customer_id', '=', r!.customerId).execute()).toHaveLength(1);
  });
});
