import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Channel } from '../../../../../shared/index.js';
import { useTimeline } from '../hooks.js';
import { takeTimelineFocus } from '../navigation.js';
import { describeError } from '../../../api/hub-error.js';
import { buildRows } from '../../../lib/day-groups.js';
import { useLive } from '../../../live/live-status.js';
import { DaySeparator } from './DaySeparator.js';
import { TimelineItem } from './TimelineItem.js';

/** Load the next page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 25;
/**
 * Rendered heights (px, as the virtualizer rounds them) of a collapsed item and a day line (styles.css: .tl-item,
 * .tl-head min-height, .tl-day; one line each, so any width). An estimate equal to the measurement costs nothing;
 * every mismatch made the virtualizer copy its size cache and re-lay out all rows after it, row by row as they
 * scrolled in: at 20,000 items that was the scroll's long tasks. Expanded items are measured as before.
 */
const ITEM_HEIGHT = 52;
const DAY_HEIGHT = 32;
/**
 * Rows rendered beyond the visible ones. The first paint of a customer (right after Enter in the palette) renders
 * the visible rows only; the overscan follows two frames later, once those rows are on screen.
 */
const OVERSCAN = 12;
const FIRST_OVERSCAN = 1;
const dispatched = new Set<string>();

/**
 * The merged, newest-first timeline: virtualized (only visible rows are in the DOM, heights measured),
 * paged by cursor as the agent scrolls, patched live from the socket. Arrow keys / j k move between items.
 */
export function Timeline({ customerId, channels, live }: { customerId: string; channels: Channel[]; live: 'connected' | 'reconnecting' }) {
  const q = useTimeline(customerId, channels);
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = q;
  const items = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const rows = useMemo(() => buildRows(items), [items]);
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.key, i])), [rows]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [focusId, setFocusId] = useState<string | null>(null);
  const pendingFocus = useRef<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const arrivals = useLive((s) => s.arrivals);
  const newIds = useMemo(() => new Set(arrivals.filter((a) => a.customerId === customerId).map((a) => a.id)), [arrivals, customerId]);

  // Stable between renders of the same rows: a new getItemKey makes the virtualizer lay out every row again
  // (20,000 at the end of a long history), and the timeline renders on every scrolled frame.
  const estimateSize = useCallback((i: number) => (rows[i]?.kind === 'day' ? DAY_HEIGHT : ITEM_HEIGHT), [rows]);
  const getItemKey = useCallback((i: number) => rows[i]?.key ?? i, [rows]);
  const [overscan, setOverscan] = useState(FIRST_OVERSCAN);
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (!hasRows || overscan === OVERSCAN) return;
    let frame = requestAnimationFrame(() => (frame = requestAnimationFrame(() => setOverscan(OVERSCAN))));
    return () => cancelAnimationFrame(frame);
  }, [hasRows, overscan]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    getItemKey,
    overscan,
    useFlushSync: false,
    // Rows in the very first render (at most a window's height of them): without it the first commit has none, and
    // the rect read after it forces a layout of the new screen, then a second render and commit puts the rows in.
    initialRect: { width: 0, height: window.innerHeight },
  });
  const virtualRows = virtualizer.getVirtualItems();

  // Live items land above what the agent is reading: keep the first visible row where it was
  // (at the very top we let new items push down, that is where the agent looks for them).
  // The offset is the virtualizer's, kept from scroll events: reading el.scrollTop here, after React's DOM
  // writes, forced a synchronous layout on every commit, i.e. on every scrolled frame.
  const anchor = useRef<{ key: string; start: number } | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const prev = anchor.current;
    if (!el || !prev || (virtualizer.scrollOffset ?? 0) <= 0) return;
    const i = indexById.get(prev.key);
    const now = i === undefined ? undefined : virtualizer.measurementsCache[i];
    if (now && now.start !== prev.start) el.scrollTop += now.start - prev.start;
  }, [indexById, virtualizer]);
  // After every commit: remember the first visible row for the next change of rows.
  useLayoutEffect(() => {
    const offset = virtualizer.scrollOffset ?? 0;
    const first = virtualizer.getVirtualItems().find((v) => v.end > offset);
    anchor.current = first ? { key: String(first.key), start: first.start } : null;
  });

  const lastRendered = virtualRows.length > 0 ? virtualRows[virtualRows.length - 1]!.index : -1;

  // Page in only near the end: a 100k-item history costs nothing until the agent scrolls to it.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastRendered >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastRendered, rows.length, fetchNextPage]);

  // Tell e2e (and anyone listening) that a live item is now rendered into the cache.
  useEffect(() => {
    for (const a of arrivals) {
      if (a.customerId !== customerId || dispatched.has(a.id)) continue;
      if (a.inserted && !indexById.has(a.id)) continue; // the cache update has not rendered yet
      if (dispatched.size > 5000) dispatched.clear();
      dispatched.add(a.id);
      window.dispatchEvent(new CustomEvent('omni:timeline-item', { detail: { id: a.id } }));
    }
  }, [arrivals, indexById, customerId]);

  // Opened from search: focus goes to the first row once it shows (after the palette has closed and restored focus).
  const firstRowId = renderedFirstItemId(virtualRows, rows);
  useEffect(() => {
    if (!firstRowId || !takeTimelineFocus(customerId)) return;
    const frame = requestAnimationFrame(() => document.getElementById(`tl-h-${firstRowId}`)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [firstRowId, customerId]);

  // Arrow-key navigation may target a row that was not rendered yet: focus it once it is.
  useEffect(() => {
    const id = pendingFocus.current;
    if (!id) return;
    const el = document.getElementById(`tl-h-${id}`);
    if (el) {
      pendingFocus.current = null;
      el.focus();
    }
  });

  const toggle = useCallback((id: string) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

  const moveFocus = (fromId: string, dir: 1 | -1 | 'first' | 'last') => {
    let i = dir === 'first' ? -1 : dir === 'last' ? rows.length : (indexById.get(fromId) ?? 0);
    const step = dir === 'first' ? 1 : dir === 'last' ? -1 : dir;
    do i += step;
    while (i >= 0 && i < rows.length && rows[i]!.kind !== 'item');
    const row = rows[i];
    if (!row || row.kind !== 'item') return;
    pendingFocus.current = row.key;
    setFocusId(row.key);
    virtualizer.scrollToIndex(i, { align: 'auto' });
    document.getElementById(`tl-h-${row.key}`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const head = (e.target as HTMLElement).closest?.('.tl-head');
    const id = head?.closest('[data-id]')?.getAttribute('data-id');
    if (!id || e.altKey || e.ctrlKey || e.metaKey) return;
    const dir = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : e.key === 'Home' ? 'first' : e.key === 'End' ? 'last' : null;
    if (dir === null) return;
    e.preventDefault();
    moveFocus(id, dir);
  };

  const renderedItemIds = virtualRows.map((v) => rows[v.index]).filter((r) => r?.kind === 'item').map((r) => r!.key);
  const tabbableId = focusId && renderedItemIds.includes(focusId) ? focusId : renderedItemIds[0];
  const total = hasNextPage ? -1 : items.length;

  return (
    <section className="timeline-panel" aria-label="Timeline">
      <div
        ref={scrollRef}
        className="timeline-scroll"
        data-testid="timeline"
        data-live={live}
        data-customer-id={customerId}
        role="feed"
        aria-busy={q.isFetching}
        aria-label={`Timeline, ${items.length}${hasNextPage ? '+' : ''} events`}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          const id = (e.target as HTMLElement).closest?.('[data-id]')?.getAttribute('data-id');
          if (id && id !== focusId) setFocusId(id);
        }}
      >
        {q.isPending && <p className="timeline-empty">Loading timeline…</p>}
        {q.isError && !data && (
          <div className="timeline-empty" role="alert">
            <p>Could not load the timeline: {describeError(q.error)}</p>
            <button type="button" className="btn" onClick={() => void q.refetch()}>
              Retry
            </button>
          </div>
        )}
        {data && rows.length === 0 && <p className="timeline-empty">{channels.length ? 'No events on the selected channels.' : 'No events yet.'}</p>}
        <div className="timeline-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualRows.map((v) => {
            const row = rows[v.index]!;
            return (
              <div key={v.key} ref={virtualizer.measureElement} data-index={v.index} className="tl-row" style={{ transform: `translateY(${v.start}px)` }}>
                {row.kind === 'day' ? (
                  <DaySeparator label={row.label} />
                ) : (
                  <TimelineItem
                    tabbable={row.key === tabbableId}
                    item={row.item}
                    expanded={expanded.has(row.key)}
                    isNew={newIds.has(row.key)}
                    posInSet={row.posInSet}
                    setSize={total}
                    onToggle={toggle}
                  />
                )}
              </div>
            );
          })}
        </div>
        {isFetchingNextPage && <p className="timeline-more">Loading older events…</p>}
      </div>
    </section>
  );
}

function renderedFirstItemId(virtualRows: readonly { index: number }[], rows: readonly { kind: string; key: string }[]): string | undefined {
  for (const v of virtualRows) {
    const r = rows[v.index];
    if (r?.kind === 'item') return r.key;
  }
  return undefined;
}
