import { describe, expect, it } from 'vitest';
import { EVENT_TYPE, systemActor } from '../../shared/index.js';
import { testBackend, testDomainPerFile } from '../http/test-support.js';
import { until } from '../testing/wait.js';
import { runWhileLeader } from './floor-leader.js';
import { startVoiceTraffic, twilioVoiceCallbacks } from './floor-voice.js';

/*
 * The demo floor's phone calls on a real domain (SQLite, or PostgreSQL with DATABASE_URL): signed Twilio
 * voice callbacks through the voice connector become call.queue items, and the floor's phone row moves
 * (offered, answered or abandoned). Then: only one of two hubs on one database runs the floor.
 */
const file = testDomainPerFile();
const actor = systemActor('test');

describe('demo floor calls', () => {
  it('go through the Twilio voice connector and move the floor’s phone row', async () => {
    const team = await file.domain.teams.create(actor, { name: 'Voice floor' });
    const calls = startVoiceTraffic({ post: twilioVoiceCallbacks(file.domain), queues: [{ id: team.id, weight: 1 }], peakPerHour: 36, minShare: 1, timeScale: 0.002, customers: 40, log: () => {} });
    try {
      await until(() => calls.calls >= 6 && calls.answered + calls.abandoned >= 4 && calls.completed >= 1, 'calls answered or abandoned, one completed', 120_000, 50);
    } finally {
      await calls.stop();
    }
    // The items are the connector's: call.queue per call and queue, the call itself upserted by CallSid.
    const types = await file.domain.database.db.selectFrom('events').select(['type', 'source']).where('source', '=', 'twilio').execute();
    expect(types.filter((x) => x.type === EVENT_TYPE.callQueue).length).toBeGreaterThanOrEqual(6);
    expect(types.filter((x) => x.type === EVENT_TYPE.callInbound).length).toBeGreaterThanOrEqual(6);
    expect(await file.domain.database.db.selectFrom('dead_letters').select('id').execute()).toEqual([]);
    await until(
      async () => {
        const row = (await file.domain.metrics.live({ queue: team.id, channel: 'phone', window: 'today' })).rows[0];
        return row !== undefined && row.offered + row.shortAbandoned >= 4 && row.answered >= 1;
      },
      'the phone row counting offered and answered calls',
      15_000,
    );
  }, 180_000);

  it('runs on one hub only: a second contender waits, and takes over when the leader stops', async () => {
    const started: string[] = [];
    const start = (name: string) => async () => {
      started.push(name);
      return { stop: async () => void started.push(`${name} stopped`) };
    };
    const first = await runWhileLeader(file.domain.database, start('first'), { retryMs: 100, log: () => {} });
    const second = await runWhileLeader(file.domain.database, start('second'), { retryMs: 100, log: () => {} });
    try {
      // SQLite has exactly one hub process per database file: it always leads (nothing to compete with).
      if (testBackend() !== 'postgres') {
        expect(first.leading() && second.leading()).toBe(true);
        return;
      }
      expect(first.leading()).toBe(true);
      expect(second.leading()).toBe(false);
      await new Promise((r) => setTimeout(r, 350));
      expect(started).toEqual(['first']);
      await first.stop();
      await until(() => second.leading(), 'the second hub taking over', 5_000);
      expect(started).toEqual(['first', 'first stopped', 'second']);
    } finally {
      await first.stop();
      await second.stop();
    }
  }, 30_000);
});
