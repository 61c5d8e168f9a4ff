import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionKind, User } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';
import { DEMO_PERSONAS, seedDemo } from '../demo/index.js';
import { openTestDomain } from '../storage/test-domain.js';
import { systemActor, userActor } from '../../shared/actor.js';

/* The demo seeder's persona situations trigger the engine end to end (real ingest, real SQLite). */

const PROMOS: ActionKind[] = ['cart_reminder', 'cross_sell', 'retention_offer'];

describe('demo personas get useful next actions', () => {
  let domain: SqlDomain;
  let agent: User;
  const kinds: Record<string, ActionKind[]> = {};

  beforeAll(async () => {
    ({ domain } = await openTestDomain('sqlite'));
    agent = await domain.auth.createUser({ email: 'agent@t.local', name: 'Alex Agent', role: 'agent', password: 'pw-123456789' });
    await seedDemo(domain.ingest, { customers: DEMO_PERSONAS.length, now: new Date() });
    for (const p of DEMO_PERSONAS) {
      const [c] = await domain.customers.search(systemActor('test'), p.email, 1);
      kinds[p.key] = (await domain.actions.list(userActor(agent), c!.id))!.map((a) => a.kind);
    }
  }, 60_000);
  afterAll(async () => {
    await domain?.close();
  });

  it('Maya (late order, three angry calls): escalation and a delivery update in the top 3', () => {
    // Top 3, not top 1: Thompson sampling is seeded by the customer id, which differs per run.
    expect(kinds['maya']!.slice(0, 3), kinds['maya']!.join()).toEqual(expect.arrayContaining(['escalate_to_lead', 'proactive_delivery_update']));
  });
  it('Daniel (full price yesterday): suppress promotions, and no promotion', () => {
    expect(kinds['daniel']).toContain('suppress_promotion');
    expect(kinds['daniel']!.filter((k) => PROMOS.includes(k))).toEqual([]);
  });
  it('Sofia (abandoned cart, waiting email): cart reminder and reply now', () => {
    expect(kinds['sofia']).toEqual(expect.arrayContaining(['cart_reminder', 'reply_now']));
  });
  it('James (opted out, in store now): hold notifications and suppress promotions, no promotion', () => {
    expect(kinds['james']).toEqual(expect.arrayContaining(['hold_notifications', 'suppress_promotion']));
    expect(kinds['james']!.filter((k) => PROMOS.includes(k))).toEqual([]);
  });
});
