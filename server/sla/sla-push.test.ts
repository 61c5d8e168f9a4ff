import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_EVENTS, type SlaAlert, type User } from '../../shared/index.js';
import type { AuthService } from '../domain.js';
import { DomainEventBus } from '../events/bus.js';
import { createRealtime, type Realtime } from '../realtime/server.js';
import { connect, record, waitFor, type ClientSocket } from '../realtime/test-client.js';

/* `sla.warning` / `sla.breached` on the bus -> `sla:warning` / `sla:breached` to the assignee's user room only; a notice with no queue and no assignee goes to nobody (never a broadcast). */
const USERS: Record<string, User> = {
  'tok-ann': { id: 'u-ann', email: 'ann@x.test', name: 'Ann', role: 'agent' },
  'tok-bob': { id: 'u-bob', email: 'bob@x.test', name: 'Bob', role: 'agent' },
};
const auth = {
  sessionForToken: async (token: string) => (USERS[token] ? { user: USERS[token], sessionId: `ses_${token}` } : null),
  onSessionRevoked: () => () => {},
} as unknown as AuthService;
const alert: SlaAlert = { conversationId: 'cnv_1', customerId: 'cus_1', customerName: 'Maya Lopez', subject: 'Late parcel', queueId: null, assigneeId: 'u-bob', kind: 'first_response', level: 'warning', dueAt: '2026-03-27T17:20:00.000Z' };

describe('SLA push', () => {
  let http: HttpServer;
  let realtime: Realtime;
  const bus = new DomainEventBus();
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    http = createServer();
    realtime = createRealtime(http, { auth, features: new Map(), modules: [], events: bus });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await realtime.close();
    await new Promise<void>((r) => http.close(() => r()));
  });

  it('tells the assignee, nobody else; an unowned notice reaches no one', async () => {
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const [ann, bob] = await Promise.all(['tok-ann', 'tok-bob'].map((token) => connect(url, { token })));
    sockets.push(ann!, bob!);
    const warnings = [ann!, bob!].map((s) => record(s, 'sla:warning'));
    const breaches = [ann!, bob!].map((s) => record(s, 'sla:breached'));
    bus.publish('sla.warning', { ...alert, assigneeId: null, conversationId: 'cnv_nobody' });
    bus.publish('sla.warning', alert);
    bus.publish('sla.breached', { ...alert, level: 'breached' });
    await waitFor(() => breaches[1]!.length === 1, 'the breach for bob');
    expect(warnings[1]!.map((w) => w.conversationId)).toEqual(['cnv_1']);
    expect(SERVER_EVENTS['sla:breached'].parse(breaches[1]![0])).toEqual({ ...alert, level: 'breached' });
    expect(warnings[0]).toEqual([]);
    expect(breaches[0]).toEqual([]);
  });
});
