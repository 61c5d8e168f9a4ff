/*
 * Where a browser search figure goes: the probe's hub requests (Resource Timing, page clock) split one scenario
 * into the renderer's wait before a request, the request itself (hub + loopback) and the paint after its answer.
 */
import type { ProbeRequest, ProbeState } from './browser-probe.js';
import { ms } from './stats.js';
import { dist, type Dist } from './browser-search-bench.js';

/** Segments of one scenario, ms; a segment that did not happen (no such request) is left out. */
export type Segments = Partial<Record<SegmentName, number>>;

export const SEGMENTS = {
  lastKeyToSearchStart: 'last key → search for the final text sent',
  searchRequest: 'search request for the final text (hub + loopback)',
  searchEndToRow: 'search answer → row painted',
  enterToTimelineStart: 'Enter → timeline request sent (≤ 0: sent before Enter, a prefetch)',
  timelineRequest: 'timeline request (hub + loopback)',
  profileRequest: 'profile request (hub + loopback)',
  timelineEndToPaint: 'later of timeline answer and Enter → rows painted',
  searches: 'search requests sent during the scenario',
} as const;
export type SegmentName = keyof typeof SEGMENTS;

function queryOf(r: ProbeRequest): string | null {
  const at = r.path.indexOf('?');
  return at < 0 ? null : new URLSearchParams(r.path.slice(at + 1)).get('q');
}

/** The scenario's waterfall from its probe state (`typed`: the text typed, whose search counts). */
export function segmentsOf(st: ProbeState, typed: string, customerId: string): Segments {
  const out: Segments = {};
  const searches = st.requests.filter((r) => r.kind === 'search');
  out.searches = searches.length;
  const finalSearch = searches.filter((r) => queryOf(r) === typed).at(-1);
  if (finalSearch) {
    out.lastKeyToSearchStart = finalSearch.start - st.lastKey;
    out.searchRequest = finalSearch.end - finalSearch.start;
    if (st.row > 0) out.searchEndToRow = st.row - finalSearch.end;
  }
  const id = encodeURIComponent(customerId);
  const timeline = st.requests.find((r) => r.kind === 'timeline' && r.path.startsWith(`/api/v1/customers/${id}/timeline`));
  const profile = st.requests.find((r) => r.kind === 'profile' && r.path.startsWith(`/api/v1/customers/${id}`));
  if (timeline && st.enter > 0) {
    out.enterToTimelineStart = timeline.start - st.enter;
    out.timelineRequest = timeline.end - timeline.start;
    if (st.timeline > 0) out.timelineEndToPaint = st.timeline - Math.max(timeline.end, st.enter);
  }
  if (profile) out.profileRequest = profile.end - profile.start;
  return out;
}

/** p50 / p95 of each segment over the rounds. */
export function segmentDists(all: readonly Segments[]): Partial<Record<SegmentName, Dist & { n: number }>> {
  const out: Partial<Record<SegmentName, Dist & { n: number }>> = {};
  for (const name of Object.keys(SEGMENTS) as SegmentName[]) {
    const v = all.map((s) => s[name]).filter((x): x is number => x !== undefined);
    if (v.length > 0) out[name] = { ...dist(v), n: v.length };
  }
  return out;
}

export function waterfallRows(title: string, d: Partial<Record<SegmentName, Dist & { n: number }>>): string[] {
  const rows = (Object.keys(SEGMENTS) as SegmentName[])
    .filter((k) => d[k])
    .map((k) => {
      const v = d[k]!;
      return k === 'searches' ? `| ${SEGMENTS[k]} | ${v.p50} | ${v.p95} | ${v.max} | ${v.n} |` : `| ${SEGMENTS[k]} | ${ms(v.p50)} | ${ms(v.p95)} | ${ms(v.max)} | ${v.n} |`;
    });
  return [`${title}:`, '', '| Segment | p50 | p95 | max | rounds |', '|---|---|---|---|---|', ...rows, ''];
}
