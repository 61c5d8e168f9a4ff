/*
 * Runs inside the page (passed to page.evaluate, so self-contained): records key timestamps and the
 * animation frame in which the awaited row or timeline first shows, on the page's own clock.
 */

export interface ProbeState {
  firstKey: number;
  lastKey: number;
  row: number;
  enter: number;
  timeline: number;
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
  let want: { query: string; name: string; customerId: string } | null = null;
  let st: ProbeState = { firstKey: 0, lastKey: 0, row: 0, enter: 0, timeline: 0, wrong: false };
  window.addEventListener(
    'keydown',
    (e) => {
      if (!want) return;
      if (e.key === 'Enter') {
        if (st.enter === 0) st.enter = e.timeStamp;
      } else if (e.key.length === 1) {
        if (st.firstKey === 0) st.firstKey = e.timeStamp;
        st.lastKey = e.timeStamp;
      }
    },
    true,
  );
  const frame = () => {
    if (!want) return;
    const now = performance.now();
    if (st.row === 0 && st.enter === 0 && st.lastKey > 0) {
      const input = document.querySelector<HTMLInputElement>('[data-testid="palette-input"]');
      const status = document.querySelector('[data-testid="palette-status"]');
      if (input?.value === want.query && status?.getAttribute('data-phase') === 'ready') {
        const first = document.querySelector('[data-testid="palette-result"] .result-name');
        // A frame may still show the previous text's list; only the awaited row counts (a wrong ranking times out).
        if (first?.textContent === want.name) st.row = now;
      }
    }
    if (st.enter > 0 && st.timeline === 0) {
      const item = document.querySelector(`[data-testid="timeline"][data-customer-id="${CSS.escape(want.customerId)}"] [data-testid="timeline-item"]`);
      if (item) {
        st.timeline = now;
        want = null;
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  w.__probe = {
    arm(a) {
      want = a;
      st = { firstKey: 0, lastKey: 0, row: 0, enter: 0, timeline: 0, wrong: false };
      requestAnimationFrame(frame);
    },
    state: () => ({ ...st }),
  };
}
