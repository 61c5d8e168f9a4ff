import fc from 'fast-check';
import { systemActor, type IngestEvent } from '../../shared/index.js';
import type { SqlDomain } from '../create-domain.js';

/*
 * Random customer histories for the write-time-state property tests (profile stats, consent signals): new events
 * carrying a payload the test chooses, re-stamped deliveries of an earlier event, events bridging two customers
 * (an ingest merge), manual merges and their undo, and (when the test asks) erasures. Each test turns a payload
 * into an event and compares what it keeps at write time with a recomputation from the events.
 */

export type HistoryOp<P> =
  | { kind: 'event'; who: number; payload: P; minute: number }
  | { kind: 'restamp'; pick: number; payload: P }
  | { kind: 'bridge'; a: number; b: number }
  | { kind: 'merge'; a: number; b: number }
  | { kind: 'undo' }
  | { kind: 'erase'; pick: number };

/** Four customers (`who` 0-3), events over `minutes` distinct minutes (few minutes: same-time ties are common). */
export function historyOpArb<P>(payload: fc.Arbitrary<P>, opts: { minutes: number; erase?: boolean }): fc.Arbitrary<HistoryOp<P>> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('event' as const), who: fc.nat(3), payload, minute: fc.nat(opts.minutes) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('restamp' as const), pick: fc.nat(50), payload }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bridge' as const), a: fc.nat(3), b: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), a: fc.nat(20), b: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'undo' as const }) },
    ...(opts.erase ? [{ weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat(20) }) }] : []),
  );
}

/** The event of customer `who` (email `c<who>@x.com`, its own phone) carrying a payload; `sourceEventId` re-stamps one. */
export type HistoryEvent<P> = (who: number, payload: P, minute: number, sourceEventId?: string) => IngestEvent;

export interface HistoryRun<P> {
  event: HistoryEvent<P>;
  /** A bridging event of customer `a`: the runner adds customer `b`'s phone to it. */
  bridge: (a: number) => IngestEvent;
  /** The minute a re-stamped delivery carries. */
  restampMinute: number;
  erase?: (customerId: string) => Promise<unknown>;
}

/** Re-stamps a stored event with the incoming delivery's type and data (as a connector's upsert would). */
export const restampUpsert = { merge: (_stored: unknown, incoming: IngestEvent) => ({ type: incoming.type, data: incoming.data ?? {} }) };

const actor = systemActor('test');

export async function activeIds(domain: SqlDomain): Promise<string[]> {
  return (await domain.database.db.selectFrom('customers').select('id').where('merged_into', 'is', null).orderBy('id').execute()).map((r) => r.id);
}

/** Plays the ops against the domain in order (an undo refused because an ingest merge touched the pair since is kept, as in the console). */
export async function runHistory<P>(domain: SqlDomain, ops: readonly HistoryOp<P>[], run: HistoryRun<P>): Promise<void> {
  const sent: IngestEvent[] = [];
  const merges: string[] = [];
  for (const op of ops) {
    if (op.kind === 'event') {
      const e = run.event(op.who, op.payload, op.minute);
      sent.push(e);
      await domain.ingest.ingest(actor, [e]);
    } else if (op.kind === 'restamp' && sent.length > 0) {
      const old = sent[op.pick % sent.length]!;
      const who = Number(/^c(\d)/.exec(old.customer.email ?? '')![1]);
      await domain.ingest.ingest(actor, [run.event(who, op.payload, run.restampMinute, old.sourceEventId)], restampUpsert);
    } else if (op.kind === 'bridge' && op.a !== op.b) {
      await domain.ingest.ingest(actor, [{ ...run.bridge(op.a), customer: { email: `c${op.a}@x.com`, phone: `415555${String(1000 + op.b)}` } }]);
    } else if (op.kind === 'merge') {
      const ids = await activeIds(domain);
      if (ids.length < 2) continue;
      const a = ids[op.a % ids.length]!;
      const b = ids[(op.a + 1 + (op.b % (ids.length - 1))) % ids.length]!;
      merges.push((await domain.merges.merge(actor, a, b)).id);
    } else if (op.kind === 'undo' && merges.length > 0) {
      await domain.merges.undo(actor, merges.pop()!).catch((err: unknown) => {
        if ((err as { code?: string }).code !== 'conflict') throw err;
      });
    } else if (op.kind === 'erase' && run.erase) {
      const ids = await activeIds(domain);
      await run.erase(ids[op.pick % ids.length]!);
    }
  }
}
