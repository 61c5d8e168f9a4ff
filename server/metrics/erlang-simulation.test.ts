import { describe, expect, it } from 'vitest';
import { agentsNeeded, erlangAsa, erlangC, erlangServiceLevel, staffingSummary } from './erlang.js';
import { addSums, contribution, rates, zeroSums, type Contact } from './figures.js';

/*
 * Simulation (seeded, simulated clock): Poisson arrivals and exponential handle times served first come,
 * first served by N agents. The legs go through the same figures the floor shows; the measured service
 * level must agree with Erlang C within 0.03 and the ASA within 10 % (15 % above 90 % occupancy, where
 * waits are long and strongly correlated), which validates the metrics and the forecast together.
 */

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const exp = (rnd: () => number, mean: number) => -Math.log(1 - rnd()) * mean;

/** M/M/N FIFO: each arrival starts on the agent free earliest (agents are few: a linear scan). */
function simulate(agents: number, arrivalsPerSec: number, ahtSec: number, contacts: number, seed: number): Contact[] {
  const rnd = mulberry32(seed);
  const free = new Array<number>(agents).fill(0);
  const legs: Contact[] = [];
  let t = 0;
  for (let i = 0; i < contacts; i++) {
    t += exp(rnd, 1 / arrivalsPerSec);
    let k = 0;
    for (let j = 1; j < agents; j++) if (free[j]! < free[k]!) k = j;
    const start = Math.max(t, free[k]!);
    const handle = exp(rnd, ahtSec);
    free[k] = start + handle;
    legs.push({ id: `s${i}`, conversationId: null, callSid: null, customerId: null, queueId: 'q', channel: 'phone', arrivedUs: Math.round(t * 1e6), answeredUs: Math.round(start * 1e6), endedUs: Math.round((start + handle) * 1e6), outcome: 'answered', agentId: `a${k}`, handleSec: handle, version: 1 });
  }
  return legs.slice(Math.floor(contacts * 0.05)); // warm-up: the queue starts empty
}

describe('Erlang C against a simulated floor', () => {
  const AHT = 180;
  const T = 20;
  const N = 10;
  for (const [load, asaTolerance, seed] of [
    [0.5, 0.1, 11],
    [0.8, 0.1, 12],
    [0.93, 0.15, 13],
  ] as const) {
    it(`occupancy ${Math.round(load * 100)} %: measured service level and ASA match the prediction`, () => {
      const erlangs = load * N;
      const legs = simulate(N, erlangs / AHT, AHT, 300_000, seed);
      const sums = zeroSums();
      for (const c of legs) addSums(sums, contribution(c, { thresholdSec: T, shortAbandonSec: 5 }, c.endedUs!));
      const measured = rates(sums);
      const predictedSl = erlangServiceLevel(N, erlangs, T, AHT)!;
      const predictedAsa = erlangAsa(N, erlangs, AHT)!;
      expect(Math.abs(measured.serviceLevel! - predictedSl)).toBeLessThan(0.03);
      expect(Math.abs(measured.asaSec! - predictedAsa) / Math.max(predictedAsa, 1)).toBeLessThan(asaTolerance);
      expect(Math.abs(measured.ahtSec! - AHT) / AHT).toBeLessThan(0.02);
    });
  }

  it('10 Erlangs (200 calls an hour, 180 s AHT) at 80/20: C(12) = 0.4494 (published tables); the fewest agents meeting 80 % are needed', () => {
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 3);
    const needed = agentsNeeded({ arrivalsPerHour: 200, ahtSec: 180, concurrency: 1, thresholdSec: 20, target: 0.8 });
    expect(erlangServiceLevel(needed, 10, 20, 180)!).toBeGreaterThanOrEqual(0.8);
    expect(erlangServiceLevel(needed - 1, 10, 20, 180)!).toBeLessThan(0.8);
    expect(needed).toBe(14); // by hand: SL(12) = 1 - 0.4494 e^(-2*20/180) = 0.64; SL(13) = 0.7996; SL(14) = 0.88
    expect(staffingSummary(12, 10, 0.8, 20)).toBe('need 2 more for 80/20');
    expect(staffingSummary(12, 13, 0.8, 20)).toBe('1 spare for 80/20');
  });

  it('chat concurrency: three chats per agent need about a third of the agents', () => {
    const one = agentsNeeded({ arrivalsPerHour: 120, ahtSec: 600, concurrency: 1, thresholdSec: 60, target: 0.8 });
    const three = agentsNeeded({ arrivalsPerHour: 120, ahtSec: 600, concurrency: 3, thresholdSec: 60, target: 0.8 });
    expect(three).toBeLessThan(one);
    expect(three).toBeGreaterThanOrEqual(Math.ceil(one / 3));
    expect(erlangServiceLevel(5, 6, 20, 180)).toBeNull(); // more traffic than slots: no steady state
  });
});
