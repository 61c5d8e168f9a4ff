/*
 * Runs inside the page (passed to page.evaluate, so self-contained): records key timestamps and the moment
 * the awaited row or timeline was first painted, on the page's own clock. "Painted" is taken after the
 * frame: the animation frame that first finds the DOM posts a message, and the message runs once that
 * frame's style, layout and paint are done (so the frame's own rendering cost is counted too).
 * It also keeps the hub requests of the scenario (Resource Timing), to split a figure into its waterfall.
 */

export interface ProbeRequest {
  kind: 'search' | 'profile' | 'timeline' | 'other';
  path: string;
  start: number;
  responseStart: number;
  end: number;
}

export interface ProbeState {
  firstKey: number;
  lastKey: number;
  /** Every printable key's keydown timeStamp, in order (the typing pace the page saw). */
  keys: number[];
  row: number;
  enter: number;
  timeline: number;
  /** Hub requests started since arm (search, profile, timeline, …), page clock. */
  requests: ProbeRequest[];
  /** Set by the bench when someone else's profile opened. */
  wrong: boolean;
}

export interface ProbeWindow {
  __probe: { arm(a: { query: string; name: string; customerId: string }): void; state(): ProbeState };
}

export function installProbe(): void {
  const w = window as unknown as ProbeWindow & { __probeInstalled?: boolean };
  if (w.__probeInstalled) return;
  w.__probeInstalled = true;
  performance.setResourceTimingBufferSize(5000);
  let want: { query: string; name: string; customerId: string } | null = null;
  let armedAt = 0;
  const fresh = (): ProbeState => ({ firstKey: 0, lastKey: 0, keys: [], row: 0, enter: 0, timeline: 0, requests: [], wrong: false });
  let st: ProbeState = fresh();
  window.addEventListener(
    'keydown',
    (e) => {
      if (!want) return;
      if (e.key === 'Enter') {
        if (st.enter === 0) st.enter = e.timeStamp;
      } else if (e.key.length === 1) {
        if (st.firstKey === 0) st.firstKey = e.timeStamp;
        st.lastKey = e.timeStamp;
        st.keys.push(e.timeStamp);
      }
    },
    true,
  );
  // After-paint clock: a message posted from an animation frame runs after that frame is rendered.
  const afterPaint = (record: (t: number) => void) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => record(performance.now());
    ch.port2.postMessage(null);
  };
  let rowSeen = false;
  let timelineSeen = false;
  const frame = () => {
    if (!want) return;
    if (!rowSeen && st.enter === 0 && st.lastKey > 0) {
      const input = document.querySelector<HTMLInputElement>('[data-testid="palette-input"]');
      const status = document.querySelector('[data-testid="palette-status"]');
      if (input?.value === want.query && status?.getAttribute('data-phase') === 'ready') {
        const first = document.querySelector('[data-testid="palette-result"] .result-name');
        // A frame may still show the previous text's list; only the awaited row counts (a wrong ranking times out).
        if (first?.textContent === want.name) {
          rowSeen = true;
          afterPaint((t) => (st.row = t));
        }
      }
    }
    if (st.enter > 0 && !timelineSeen) {
      const item = document.querySelector(`[data-testid="timeline"][data-customer-id="${CSS.escape(want.customerId)}"] [data-testid="timeline-item"]`);
      if (item) {
        timelineSeen = true;
        afterPaint((t) => {
          st.timeline = t;
          want = null;
        });
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  const kindOf = (path: string): ProbeRequest['kind'] =>
    /^\/api\/v1\/customers\?/.test(path) ? 'search' : /^\/api\/v1\/customers\/[^/?]+\/timeline/.test(path) ? 'timeline' : /^\/api\/v1\/customers\/[^/?]+$/.test(path) ? 'profile' : 'other';
  w.__probe = {
    arm(a) {
      want = a;
      st = fresh();
      rowSeen = false;
      timelineSeen = false;
      armedAt = performance.now();
      performance.clearResourceTimings();
      requestAnimationFrame(frame);
    },
    state: () => {
      const requests: ProbeRequest[] = [];
      for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
        if (e.startTime < armedAt) continue;
        const u = new URL(e.name);
        if (!u.pathname.startsWith('/api/')) continue;
        const path = u.pathname + u.search;
        requests.push({ kind: kindOf(path), path, start: e.startTime, responseStart: e.responseStart, end: e.responseEnd });
      }
      return { ...st, keys: [...st.keys], requests };
    },
  };
}
