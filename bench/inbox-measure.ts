/*
 * The inbox bench's page walk (bench/inbox-bench.ts), shared by its in-process child (inbox-domain-child.ts)
 * and its HTTP half: per round and view, the first page and keyset pages, measured path and floors interleaved.
 */
import type { ConversationListQuery, ConversationPage } from '../shared/index.js';
import { INBOX_VIEWS, PAGE, positionOf, type FloorRow, type InboxView, type Position } from './inbox-floor.js';
import type { InboxSeed } from './inbox-seed.js';

export type Which = 'measured' | 'floor' | 'sqlFloor';
/** A floor of a measured path: its page of rows (the first one is checked against the measured page). */
export type FloorPage = (view: InboxView, before: Position | null) => FloorRow[] | Promise<FloorRow[]>;

export function queryOf(view: InboxView, seed: Pick<InboxSeed, 'queueId'>, before: string | null): ConversationListQuery {
  return { view, limit: PAGE, ...(view === 'queue' ? { queue: seed.queueId } : {}), ...(before ? { before } : {}) } as ConversationListQuery;
}

/**
 * Per round and view: the first page, then `nextPages` keyset pages; the measured path and its floors interleaved
 * page by page (the order rotates). The first floor's rows are the reference the measured page must match.
 */
export async function measureViews(
  list: (view: InboxView, before: string | null) => Promise<ConversationPage>,
  floors: { floor: FloorPage; sqlFloor?: FloorPage },
  rounds: number,
  nextPages: number,
  record: (key: string, which: Which, v: number) => void,
  onWrong: () => void = () => {},
): Promise<void> {
  const order: Which[] = floors.sqlFloor ? ['measured', 'floor', 'sqlFloor'] : ['measured', 'floor'];
  for (let round = 0; round < rounds; round++) {
    for (const view of INBOX_VIEWS) {
      let cursor: string | null = null;
      let floorBefore: Position | null = null;
      for (let p = 0; p <= nextPages; p++) {
        const key = `${view} ${p === 0 ? 'first' : 'next'}`;
        let page!: ConversationPage;
        let rows!: FloorRow[];
        const k = (round + p) % order.length;
        for (const which of [...order.slice(k), ...order.slice(0, k)]) {
          const s = performance.now();
          if (which === 'measured') page = await list(view, cursor);
          else if (which === 'floor') rows = await floors.floor(view, floorBefore);
          else await floors.sqlFloor!(view, floorBefore);
          record(key, which, performance.now() - s);
        }
        const ids = rows.slice(0, PAGE).map((r) => r.id);
        if (ids.join() !== page.conversations.map((c) => c.id).join()) onWrong();
        if (!page.nextCursor || rows.length <= PAGE) break;
        cursor = page.nextCursor;
        floorBefore = positionOf(rows[PAGE - 1]!);
      }
    }
  }
}

