import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, CustomerLookupResponseSchema, LoginResponseSchema, type Role } from '../../shared/index.js';
import { startHub, type RunningHub } from '../hub.js';
import { makeEvent, testConfig, testStore, uniqueWho } from '../http/test-support.js';
import { ingest } from '../realtime/test-client.js';

/* GET /api/v1/customers/lookup through the real hub (SQLite or PostgreSQL per pass): masked per role like search, 400 naming `q`. */
let hub: RunningHub;
let removeDir: () => Promise<void>;
const tokens: Partial<Record<Role, string>> = {};

async function loginAs(role: Role): Promise<string> {
  const email = `${role}.lookup.${Date.now()}@staff.test`;
  const password = 'correct-horse-battery';
  await hub.domain.auth.createUser({ email, name: `Test ${role}`, role, password });
  const res = await fetch(`${hub.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return LoginResponseSchema.parse(await res.json()).token;
}

const lookup = async (role: Role | null, q: string | null) => {
  const res = await fetch(`${hub.url}/api/v1/customers/lookup${q === null ? '' : `?q=${encodeURIComponent(q)}`}`, { headers: role ? { authorization: `Bearer ${tokens[role]}` } : {} });
  return { status: res.status, json: (await res.json()) as unknown };
};

beforeAll(async () => {
  const dir = await testStore('lookup');
  removeDir = dir.remove;
  hub = await startHub(testConfig(dir));
  tokens.associate = await loginAs('associate');
  tokens.agent = await loginAs('agent');
});
afterAll(async () => {
  await hub?.close();
  await removeDir?.();
});

describe('GET /api/v1/customers/lookup', () => {
  it('finds the card with or without its prefix, masked for an associate and in full for an agent', async () => {
    const who = uniqueWho('lk');
    const card = `LOY-${Date.now() % 100_000_000}`;
    const email = `lk${Date.now()}@example.com`;
    const [r] = await ingest(hub.url, [makeEvent({}, { customer: { email, loyaltyId: card, name: who.name } })]);
    for (const q of [card, card.slice(4)]) {
      const agent = await lookup('agent', q);
      expect(agent.status).toBe(200);
      const a = CustomerLookupResponseSchema.parse(agent.json);
      expect(a.exact.map((c) => c.id)).toEqual([r!.customerId]);
      expect(a.exact[0]!.emails).toEqual([email]);
      const assoc = CustomerLookupResponseSchema.parse((await lookup('associate', q)).json);
      expect(assoc.exact.map((c) => c.id)).toEqual([r!.customerId]);
      expect(JSON.stringify(assoc)).not.toContain(email);
    }
  });

  it('answers 400 naming q for a missing or blank query, 401 without a session', async () => {
    for (const q of [null, '', '   ']) {
      const res = await lookup('agent', q);
      expect(res.status).toBe(400);
      expect(JSON.stringify(ApiErrorSchema.parse(res.json))).toContain('q');
    }
    expect((await lookup(null, 'LOY-1')).status).toBe(401);
  });
});
