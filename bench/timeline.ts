import { decodeCursor } from '../shared/index.js';
import type { CustomerQueries } from '../server/domain.js';
import type { Cursor, Floor } from './floor.js';
import { summarize, type Summary } from './stats.js';
import { systemActor } from '../shared/actor.js';

export interface TimelineRow {
  name: string;
  domain: Summary;
  floor: Summary;
  /** domain p50 / floor p50. */
  ratioP50: number;
  ratioP99: number;
}

const PAGE = 200;

/**
 * Times `customers.timeline()` against the floor on the same customers, interleaved sample by
 * sample (alternating which goes first) so both see the same cache and CPU conditions.
 * Two shapes: the first page, and the third page through a keyset cursor.
 */
export async function benchTimeline(customers: CustomerQueries, floor: Floor, ids: readonly string[], samples: number): Promise<TimelineRow[]> {
  // The cursor of page 3, taken from the domain's own nextCursor chain.
  const deep = new Map<string, { before: string; cursor: Cursor }>();
  for (const id of ids) {
    let before: string | undefined;
    for (let p = 0; p < 2; p++) before = (await customers.timeline(systemActor('bench'), id, { limit: PAGE, channel: undefined, ...(before ? { before } : {}) }))?.nextCursor ?? undefined;
    if (before) deep.set(id, { before, cursor: decodeCursor(before)! });
  }
  await sameRows(customers, floor, ids[0]!);

  const rows: TimelineRow[] = [];
  const shapes: { name: string; ids: string[]; before: (id: string) => { before?: string; cursor?: Cursor } }[] = [
    { name: 'first page (200 items)', ids: [...ids], before: () => ({}) },
    { name: 'page 3 via cursor (200 items)', ids: ids.filter((id) => deep.has(id)), before: (id) => deep.get(id)! },
  ];
  for (const shape of shapes) {
    if (shape.ids.length === 0) continue;
    const d: number[] = [];
    const f: number[] = [];
    const warmup = Math.min(50, samples);
    for (let i = 0; i < samples + warmup; i++) {
      const id = shape.ids[i % shape.ids.length]!;
      const { before, cursor } = shape.before(id);
      const runDomain = async () => {
        const t0 = performance.now();
        await customers.timeline(systemActor('bench'), id, { limit: PAGE, channel: undefined, ...(before ? { before } : {}) });
        return performance.now() - t0;
      };
      const runFloor = async () => {
        const t0 = performance.now();
        await floor.page(id, PAGE, cursor);
        return performance.now() - t0;
      };
      let a: number, b: number;
      if (i % 2 === 0) {
        a = await runDomain();
        b = await runFloor();
      } else {
        b = await runFloor();
        a = await runDomain();
      }
      if (i >= warmup) {
        d.push(a);
        f.push(b);
      }
    }
    const domain = summarize(d);
    const fl = summarize(f);
    rows.push({ name: shape.name, domain, floor: fl, ratioP50: domain.p50 / fl.p50, ratioP99: domain.p99 / fl.p99 });
  }
  return rows;
}

/** Guards the comparison: floor and domain must return the same page. */
async function sameRows(customers: CustomerQueries, floor: Floor, id: string): Promise<void> {
  const a = (await customers.timeline(systemActor('bench'), id, { limit: PAGE, channel: undefined }))?.items.map((i) => i.id) ?? [];
  const b = (await floor.page(id, PAGE)).map((r) => r.id);
  if (a.length === 0 || a.join() !== b.join()) throw new Error(`floor and domain disagree on customer ${id}'s first page (${a.length} vs ${b.length} rows)`);
}
