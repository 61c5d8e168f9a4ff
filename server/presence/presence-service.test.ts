import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Presence } from '../../shared/index.js';
import { DomainEventBus, type DomainEventMap } from '../events/bus.js';
import { testDomain, type TestDomain } from '../http/test-support.js';
import { PresenceService } from './presence-service.js';
import { presenceSettings } from './settings.js';

/*
 * A chosen presence change on the test backend (SQLite, or PostgreSQL with DATABASE_URL): shown to the
 * sockets once, before its write, then stored and published after the commit marked `shown`; without a
 * socket server it is only published (realtime sends it).
 */
let t: TestDomain;
let userId: string;
beforeAll(async () => {
  t = await testDomain();
  userId = (await t.domain.auth.createUser({ email: 'pia.presence@test.local', name: 'Pia', role: 'agent', password: 'agent-password-123' })).id;
});
afterAll(() => t.close());

function service() {
  const events = new DomainEventBus();
  const facts: DomainEventMap['presence.changed'][] = [];
  events.subscribe('probe', { 'presence.changed': (f) => void facts.push(f) });
  const presence = new PresenceService({ db: t.domain.database.db, events, settings: presenceSettings({}), hubId: 'hub_test' });
  return { presence, facts };
}

describe('presence changes', () => {
  it('shows a chosen change once with the user’s name, stores it, and publishes it marked shown', async () => {
    const { presence, facts } = service();
    const shown: Presence[] = [];
    presence.showChangesWith((p) => shown.push(p));
    const away = await presence.setFor(userId, 'away');
    expect(shown).toEqual([away]);
    expect(away).toMatchObject({ userId, name: 'Pia', state: 'away', reason: 'chosen' });
    expect(await presence.stateOf(userId)).toBe('away');
    expect(facts).toEqual([{ presence: away, was: 'offline', shown: true }]);
    // The same state again is a heartbeat: nothing shown, nothing published.
    expect(await presence.setFor(userId, 'away')).toMatchObject({ state: 'away', name: 'Pia' });
    expect(shown).toHaveLength(1);
    expect(facts).toHaveLength(1);
  });

  it('without a socket server, publishes the change unmarked (realtime sends it)', async () => {
    const { presence, facts } = service();
    const online = await presence.setFor(userId, 'online');
    expect(facts).toEqual([{ presence: online, was: 'away' }]);
    expect(await presence.online()).toContain(userId);
  });
});
