import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlDomain } from '../create-domain.js';
import { testDomain, type TestDomain } from '../http/test-support.js';
import { nowMicros } from '../storage/batch.js';
import type { OutboxTable } from '../outbound/tables.js';
import { PushedReplies } from './pushed-replies.js';
import { widgetDb } from './tables.js';

/*
 * The `sent` state of replies pushed at commit (SQLite, or PostgreSQL with DATABASE_URL): it rides in another
 * transaction and only once that commits; a rolled-back one leaves it waiting; a quiet hub writes it alone;
 * a row this hub no longer holds (another hub's lease, or already finished) is never touched.
 */
let t: TestDomain;
const db = () => widgetDb((t.domain as SqlDomain).database.db);
const ME = 'hub_me';

function row(id: string, over: Partial<OutboxTable> = {}): OutboxTable {
  const now = nowMicros();
  return { id, idempotency_key: `k-${id}`, conversation_id: 'cnv_X', customer_id: 'cus_X', event_id: `evt_${id}`, channel: 'chat', status: 'sending', provider_status: null, recipient: 'wch_X', sender: 'widget', subject: null, message_id: `a-${id}`, provider_id: 'seq:1', payload: '{}', attempts: 1, max_attempts: 8, next_attempt_us: now, lease_owner: ME, lease_until_us: now + 60_000_000, error_code: null, error_text: null, created_by: null, created_at_us: now, updated_at_us: now, ...over };
}
const states = async (ids: string[]) => Object.fromEntries((await db().selectFrom('outbox_messages').select(['id', 'status', 'provider_status', 'lease_owner']).where('id', 'in', ids).execute()).map((r) => [r.id, `${r.status}/${r.provider_status ?? '-'}/${r.lease_owner ?? '-'}`]));

beforeAll(async () => {
  process.env['OMNI_OUTBOX_WORKER'] = 'off';
  t = await testDomain();
});
afterAll(async () => {
  delete process.env['OMNI_OUTBOX_WORKER'];
  await t?.close();
});

describe('pushed widget replies', () => {
  it('their sent state rides in the next transaction, only once it commits; others’ leases are left alone', async () => {
    await db().insertInto('outbox_messages').values([row('obx_p1'), row('obx_p2'), row('obx_theirs', { lease_owner: 'hub_other' })]).execute();
    const errors: unknown[] = [];
    const pushed = new PushedReplies({ db: db(), owner: () => ME, onError: (e) => errors.push(e) });
    for (const id of ['obx_p1', 'obx_p2', 'obx_theirs']) pushed.add(id);

    // A transaction that rolls back: nothing written, still waiting.
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          expect(await pushed.writeIn(tx)).toBeTypeOf('function');
          throw new Error('rolled back');
        }),
    ).rejects.toThrow('rolled back');
    expect(await states(['obx_p1', 'obx_p2'])).toEqual({ obx_p1: 'sending/-/hub_me', obx_p2: 'sending/-/hub_me' });

    // One that commits: written in it, and forgotten only after the commit.
    const after = await db().transaction().execute((tx) => pushed.writeIn(tx));
    expect(await states(['obx_p1', 'obx_p2', 'obx_theirs'])).toEqual({ obx_p1: 'sent/pushed/-', obx_p2: 'sent/pushed/-', obx_theirs: 'sending/-/hub_other' });
    after!();
    expect(await db().transaction().execute((tx) => pushed.writeIn(tx))).toBeUndefined();
    await pushed.close();
    expect(errors).toEqual([]);
  });

  it('a quiet hub writes it alone, soon', async () => {
    await db().insertInto('outbox_messages').values(row('obx_q1')).execute();
    const pushed = new PushedReplies({ db: db(), owner: () => ME, onError: (e) => expect.fail(String(e)) });
    pushed.add('obx_q1');
    const deadline = Date.now() + 5_000;
    while ((await states(['obx_q1']))['obx_q1'] !== 'sent/pushed/-' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await states(['obx_q1'])).toEqual({ obx_q1: 'sent/pushed/-' });
    await pushed.close();
  });
});
