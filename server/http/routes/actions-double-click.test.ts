import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionExecuteResponseSchema, ActionListResponseSchema } from '../../../shared/index.js';
import { startHub, type RunningHub } from '../../hub.js';
import { HubClient } from '../../testing/hub-client.js';
import { makeEvent, TEST_ADMIN, TEST_INGEST_KEY, testConfig, testStore, uniqueWho, type TestStore } from '../test-support.js';

/*
 * docs/api.md: "POST /api/v1/actions/:id/execute → 201 …, 200 with status "duplicate" for a repeat within
 * the same minute". A double click sends both requests before the first answers: exactly one execution.
 */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe('double-click on execute (real hub, this pass’s backend)', () => {
  let store: TestStore;
  let hub: RunningHub;
  let client: HubClient;
  beforeAll(async () => {
    store = await testStore('double-click');
    hub = await startHub(testConfig(store));
    client = new HubClient(hub.url, { adminEmail: TEST_ADMIN.email, adminPassword: TEST_ADMIN.password, ingestKey: TEST_INGEST_KEY });
  });
  afterAll(async () => {
    await hub?.close();
    await store?.remove();
  });

  /** A customer whose actions include hold_notifications (recent web session, then a store visit). */
  async function holdAction() {
    const who = uniqueWho('dbl');
    const [first] = await client.ingest([makeEvent(who, { channel: 'web', type: 'web.session', occurredAt: ago(3_600_000), data: {} })]);
    await client.ingest([makeEvent(who, { channel: 'store', type: 'store.visit', occurredAt: ago(60_000), data: { storeId: 'SF-UNION', storeName: 'Union Square' } })]);
    const customerId = first!.customerId;
    const list = ActionListResponseSchema.parse((await client.call('GET', `/api/v1/customers/${customerId}/actions`)).json).actions;
    const action = list.find((a) => a.kind === 'hold_notifications');
    expect(action, JSON.stringify(list.map((a) => a.kind))).toBeDefined();
    return { customerId, actionId: action!.id };
  }
  const execute = (actionId: string) => client.call('POST', `/api/v1/actions/${actionId}/execute`);
  const notes = async (customerId: string) => ((await client.call('GET', `/api/v1/customers/${customerId}/timeline`)).json as { items: { channel: string }[] }).items.filter((i) => i.channel === 'note');

  it('two concurrent POST execute of one action execute it once: one 201, one note, the other never a second execution', async () => {
    const { customerId, actionId } = await holdAction();
    const both = await Promise.all([execute(actionId), execute(actionId)]);
    const created = both.filter((r) => r.status === 201).map((r) => ActionExecuteResponseSchema.parse(r.json));
    expect(created).toHaveLength(1);
    expect(created[0]!.status).toBe('created');
    const other = both.find((r) => r.status !== 201)!;
    expect(other.status).toBe(200);
    expect(ActionExecuteResponseSchema.parse(other.json)).toEqual({ ...created[0], status: 'duplicate' });
    expect(await notes(customerId)).toHaveLength(1);
  });

  /* docs/api.md: the second click answers 200 `duplicate` of the same event, also when it ranks after the first commit. */
  it('the second of two concurrent executes answers 200 duplicate of the same event (docs/api.md)', async () => {
    const { actionId } = await holdAction();
    const both = await Promise.all([execute(actionId), execute(actionId)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    const [created, dup] = [both.find((r) => r.status === 201)!, both.find((r) => r.status === 200)!].map((r) => ActionExecuteResponseSchema.parse(r.json));
    expect(dup).toEqual({ ...created, status: 'duplicate' });
    // A late retry (the action no longer ranks) is the same duplicate, not a 409.
    const late = await execute(actionId);
    expect(late.status).toBe(200);
    expect(ActionExecuteResponseSchema.parse(late.json)).toEqual({ ...created, status: 'duplicate' });
  });
});
