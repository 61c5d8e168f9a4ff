/*
 * Scrolling a long timeline as an agent feels it: one customer with 20,000 items on the bench data set,
 * the built console in headless Chromium at 1440x900 against a real hub process. Every page is loaded
 * first (scrolling to the end as the agent would), then the timeline is scrolled from the newest item to
 * the oldest at a steady 120 px per frame. Measured in the page: the interval between animation frames
 * (p95 against one 60 Hz frame, 16.7 ms), long tasks (PerformanceObserver 'longtask', over 50 ms) and the
 * most timeline rows ever in the DOM. Part of `npm run bench` (`--only scroll`).
 */
import { chromium } from 'playwright-core';
import { benchHubEnv, spawnChild } from './child.js';
import { compileChild } from './compile.js';
import { ADMIN, CHROMIUM_ARGS, browserPrerequisiteMissing, chromiumPath, dist, rendererDir, type Dist } from './browser-search-bench.js';
import { ms } from './stats.js';

export const SCROLL_TARGETS = { frameP95: 16.7, longTaskMs: 50 } as const;
const INGEST_KEY = 'bench-ingest-key-0123456789';

export interface BrowserScrollResult {
  items: number;
  frames: number;
  frame: Dist;
  /** Long tasks (> 50 ms) while scrolling, and the longest. */
  longTasks: number;
  longestTaskMs: number;
  maxRowsInDom: number;
  /** Seconds to load every page by scrolling to the end (not a target: context for the frame figures). */
  loadAllSeconds: number;
}

export async function benchBrowserScroll(dataDir: string, items: number, log: (line: string) => void = () => {}): Promise<BrowserScrollResult> {
  const missing = browserPrerequisiteMissing();
  if (missing) throw new Error(missing);
  const compiled = await compileChild('hub-child.ts');
  const child = await spawnChild<{ url: string; rssMB: number }>('hub-child.ts', { ...benchHubEnv(dataDir, INGEST_KEY, ADMIN), OMNI_RENDERER_DIR: rendererDir() }, compiled);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const { url } = child.ready;
    const tag = `scroll-${Date.now()}`;
    const start = Date.UTC(2025, 0, 1);
    let customerId = '';
    for (let from = 0; from < items; from += 1000) {
      const events = Array.from({ length: Math.min(1000, items - from) }, (_, k) => {
        const i = from + k;
        return {
          source: 'bench-scroll',
          sourceEventId: `${tag}-${i}`,
          channel: i % 3 === 0 ? 'email' : 'sms',
          type: i % 3 === 0 ? 'email.received' : 'sms.received',
          occurredAt: new Date(start + i * 60_000).toISOString(),
          customer: { email: `${tag}@bench.example`, ...(i === 0 ? { name: 'Scroll Bench' } : {}) },
          summary: `Message number ${i}`,
          data: i % 3 === 0 ? { direction: 'inbound', subject: `Message number ${i}`, text: `Hello, this is message ${i}.` } : { direction: 'inbound', body: `Message number ${i}` },
        };
      });
      const res = await fetch(`${url}/api/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${INGEST_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      if (res.status !== 202) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
      customerId ||= ((await res.json()) as { results: { customerId?: string }[] }).results[0]?.customerId ?? '';
    }
    log(`  scroll: ${items.toLocaleString('en-US')} items ingested for one customer`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(url);
    await page.waitForSelector('html[data-omni-ready="login"]', { timeout: 60_000 });
    await page.getByTestId('login-email').fill(ADMIN.email);
    await page.getByTestId('login-password').fill(ADMIN.password);
    await page.getByTestId('login-submit').click();
    await page.waitForSelector('html[data-omni-ready="console"]', { timeout: 60_000 });
    await page.goto(`${url}/#/customers/${encodeURIComponent(customerId)}`);
    const timeline = page.getByTestId('timeline');
    await page.waitForSelector('[data-testid="timeline"] [data-testid="timeline-item"]', { timeout: 60_000 });

    // Every page, by scrolling to the end until the feed's label stops saying "+" (all loaded).
    const loadStart = performance.now();
    const full = `Timeline, ${items} events`;
    let maxRows = 0;
    for (let i = 0; i < 2_000; i++) {
      const label = (await timeline.getAttribute('aria-label')) ?? '';
      if (label === full) break;
      await timeline.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      maxRows = Math.max(maxRows, await page.locator('[data-testid="timeline"] .tl-row').count());
      await page.waitForFunction((l) => document.querySelector('[data-testid="timeline"]')?.getAttribute('aria-label') !== l, label, { timeout: 15_000, polling: 50 }).catch(() => undefined);
    }
    const loadAllSeconds = (performance.now() - loadStart) / 1000;
    await timeline.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.waitForTimeout(300);

    // Newest to oldest at a steady pace; every frame's interval, every long task, the most rows in the DOM.
    const m = await timeline.evaluate(
      (el, step) =>
        new Promise<{ deltas: number[]; longTasks: number[]; maxRows: number }>((resolve) => {
          const longTasks: number[] = [];
          const obs = new PerformanceObserver((list) => {
            for (const e of list.getEntries()) longTasks.push(e.duration);
          });
          obs.observe({ type: 'longtask', buffered: false });
          const deltas: number[] = [];
          let maxRows = 0;
          let last = 0;
          const frame = (t: number) => {
            if (last > 0) deltas.push(t - last);
            last = t;
            maxRows = Math.max(maxRows, el.querySelectorAll('.tl-row').length);
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) {
              obs.disconnect();
              resolve({ deltas, longTasks, maxRows });
              return;
            }
            el.scrollTop += step;
            requestAnimationFrame(frame);
          };
          requestAnimationFrame(frame);
        }),
      120,
    );
    return {
      items,
      frames: m.deltas.length,
      frame: dist(m.deltas),
      longTasks: m.longTasks.filter((d) => d > SCROLL_TARGETS.longTaskMs).length,
      longestTaskMs: Math.max(0, ...m.longTasks),
      maxRowsInDom: Math.max(maxRows, m.maxRows),
      loadAllSeconds,
    };
  } finally {
    await browser.close();
    await child.close();
  }
}

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**MISS**');
const pass = (r: BrowserScrollResult) => r.frame.p95 <= SCROLL_TARGETS.frameP95 + 0.05 && r.longTasks === 0;

export function scrollSummaryRows(r: BrowserScrollResult): string[] {
  return [
    `| Scrolling a ${r.items.toLocaleString('en-US')}-item timeline, Chromium | frame p95 ≤ ${SCROLL_TARGETS.frameP95} ms, no long task > ${SCROLL_TARGETS.longTaskMs} ms | p95 ${ms(r.frame.p95)}, ${r.longTasks} long tasks (longest ${ms(r.longestTaskMs)}), ≤ ${r.maxRowsInDom} rows in the DOM | ${verdict(pass(r))} |`,
  ];
}

export function scrollSection(r: BrowserScrollResult): string[] {
  return [
    '## Scrolling a long timeline in a real browser',
    '',
    `One customer with ${r.items.toLocaleString('en-US')} items (emails and text messages) ingested into the loaded bench database through the hub's API; the built console in headless Chromium at 1440×900. ` +
      `Every page loaded first by scrolling to the end (${r.loadAllSeconds.toFixed(1)} s), then scrolled from the newest item to the oldest at 120 px per animation frame: ${r.frames} frames. ` +
      'Frame interval = time between consecutive `requestAnimationFrame` callbacks; long tasks from `PerformanceObserver` (`longtask`). Reproduce: `npx tsx bench/run.ts --only scroll`.',
    '',
    '| Measure | p50 | p95 | max | Target | Result |',
    '|---|---|---|---|---|---|',
    `| Frame interval while scrolling | ${ms(r.frame.p50)} | ${ms(r.frame.p95)} | ${ms(r.frame.max)} | p95 ≤ ${SCROLL_TARGETS.frameP95} ms | ${verdict(r.frame.p95 <= SCROLL_TARGETS.frameP95 + 0.05)} |`,
    `| Long tasks over ${SCROLL_TARGETS.longTaskMs} ms | ${r.longTasks} | | ${ms(r.longestTaskMs)} | 0 | ${verdict(r.longTasks === 0)} |`,
    '',
    `At most ${r.maxRowsInDom} timeline rows were in the DOM at once.`,
    '',
  ];
}

// CLI on a prepared data dir (any hub data dir; the customer is added to it): --data-dir <dir> [--items 20000]
if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL((await import('node:path')).resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = at('--data-dir');
  const items = Number(at('--items') ?? 20_000);
  if (!dir || !Number.isInteger(items) || items < 1) {
    console.error('usage: npx tsx bench/browser-scroll-bench.ts --data-dir <dir> [--items 20000]');
    process.exit(2);
  }
  try {
    const r = await benchBrowserScroll(dir, items, (l) => console.log(l));
    console.log(scrollSection(r).join('\n'));
    console.log(JSON.stringify(r));
    process.exit(0);
  } catch (err) {
    console.error(`scroll bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  }
}
