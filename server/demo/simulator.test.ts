import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestEventSchema, type IngestEvent } from '../../shared/index.js';
import { domainOn, type SqlDomain } from '../create-domain.js';
import type { IngestService } from '../domain.js';
import { openTestDatabase } from '../storage/test-database.js';
import { seedDemo } from './seed.js';
import { startSimulator } from './simulator.js';
import { systemActor } from '../../shared/actor.js';

const PEOPLE = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

describe('startSimulator', () => {
  let domain: SqlDomain;
  let people: number;

  beforeAll(async () => {
    domain = await domainOn(await openTestDatabase('sqlite'), { defaultRegion: 'US' });
    await seedDemo(domain.ingest, { customers: PEOPLE });
    people = (await domain.customers.search(systemActor('test'), '', 100)).length;
  }, 60_000);
  afterAll(() => domain?.close());

  it('emits valid events for existing demo customers at now, then stops', async () => {
    const sent: IngestEvent[] = [];
    const ingest: IngestService = { ingest: (actor, events) => (sent.push(...events), domain.ingest.ingest(actor, events)) };
    const fixedNow = new Date('2030-01-01T00:00:00Z');
    const sim = startSimulator(ingest, { intervalMs: 10, customers: PEOPLE, now: () => fixedNow });
    await until(() => sent.length >= 8);
    sim.stop();
    const count = sent.length;
    await sleep(100);
    expect(sent.length).toBe(count);

    for (const e of sent) {
      expect(IngestEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
      expect(e.occurredAt).toBe(fixedNow.toISOString());
    }
    expect(new Set(sent.map((e) => e.sourceEventId)).size).toBe(sent.length);
    // Every event landed on a known demo customer: no new people appeared.
    expect((await domain.customers.search(systemActor('test'), '', 100)).length).toBe(people);
    // Personas get about half the traffic, so a watcher of one sees live updates.
    const persona = (await domain.customers.search(systemActor('test'), 'Maya Chen', 1))[0]!;
    expect(persona.lastActivityAt).not.toBeNull();
  });

  it('never throws out of the timer: failures are logged and it keeps going', async () => {
    const lines: string[] = [];
    let calls = 0;
    const failing: IngestService = {
      ingest: async () => {
        calls += 1;
        throw new Error('database is locked');
      },
    };
    const sim = startSimulator(failing, { intervalMs: 5, customers: PEOPLE, log: (l) => lines.push(l) });
    await until(() => calls >= 3);
    sim.stop();
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0]).toContain('database is locked');
  });
});
