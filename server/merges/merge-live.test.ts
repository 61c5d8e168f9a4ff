import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerMergedEventSchema, CustomerSplitEventSchema, MergeResponseSchema } from '../../shared/index.js';
import { startHub, type RunningHub } from '../hub.js';
import { makeEvent, testStore, testConfig, uniqueWho } from '../http/test-support.js';
import { connect, ingest, login, record, waitFor, watch, type ClientSocket } from '../realtime/test-client.js';

/* A real hub on a real port, real socket.io clients: manual merge and undo reach the watchers live. */

let hub: RunningHub;
let token: string;
let removeDir: () => Promise<void>;
const open: ClientSocket[] = [];

beforeAll(async () => {
  const dir = await testStore('merge-live');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  token = await login(hub.url);
});
afterAll(async () => {
  for (const s of open.splice(0)) s.close();
  await hub?.close();
  await removeDir?.();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as unknown };
};

describe('live merge / split', () => {
  it('watchers hear customer:merged on merge and customer:split on undo', async () => {
    const [ra] = await ingest(hub.url, [makeEvent(uniqueWho('live-a'))]);
    const [rb] = await ingest(hub.url, [makeEvent(uniqueWho('live-b'))]);
    const [sa, sb] = [await connect(hub.url, { token }), await connect(hub.url, { token })];
    open.push(sa, sb);
    await watch(sa, { customerId: ra!.customerId });
    await watch(sb, { customerId: rb!.customerId });
    const merged = [record(sa, 'customer:merged'), record(sb, 'customer:merged')];
    const split = [record(sa, 'customer:split'), record(sb, 'customer:split')];

    const m = await post(`/api/v1/customers/${ra!.customerId}/merge`, { otherId: rb!.customerId });
    expect(m.status).toBe(200);
    const { mergeId } = MergeResponseSchema.parse(m.json);
    await waitFor(() => merged.every((x) => x.length === 1), 'customer:merged on both sockets');
    expect(CustomerMergedEventSchema.parse(merged[0]![0])).toEqual({ fromId: rb!.customerId, intoId: ra!.customerId, mergeId });

    expect((await post(`/api/v1/merges/${mergeId}/undo`, { reason: 'wrong person' })).status).toBe(200);
    // Both sockets now sit in the survivor's room (the merge moved B's watcher there): both hear the split.
    await waitFor(() => split.every((x) => x.length === 1), 'customer:split on both sockets');
    expect(CustomerSplitEventSchema.parse(split[1]![0])).toEqual({ mergeId, restoredId: rb!.customerId, fromId: ra!.customerId });
  });
});
