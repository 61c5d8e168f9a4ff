import cliProgress from 'cli-progress';

/*
 * Import progress. On a terminal: a live bar. Anywhere else (cron, CI, `> import.log`, systemd)
 * a bar draws nothing useful, so plain lines are written instead: one at the start, one at least
 * every `everyMs` (a timer, so a slow batch still shows the import is alive), and one at the end.
 */

export interface ImportCounts {
  created: number;
  duplicate: number;
  rejected: number;
}

export interface ImportProgress {
  start(total: number, resumedFrom?: number): void;
  update(done: number, counts: ImportCounts): void;
  stop(): void;
}

export interface ImportProgressOptions {
  /** Draw a bar (interactive terminal) instead of writing lines. */
  tty: boolean;
  /** Where progress lines go when not on a terminal. */
  write: (line: string) => void;
  /** Longest gap between two lines, ms (default 5000). */
  everyMs?: number;
  now?: () => number;
}

export const PROGRESS_EVERY_MS = 5_000;

export function createImportProgress(o: ImportProgressOptions): ImportProgress {
  return o.tty ? barProgress() : lineProgress(o);
}

function barProgress(): ImportProgress {
  const bar = new cliProgress.SingleBar(
    { format: 'import {bar} {percentage}% | {value}/{total} | {speed} ev/s | created {created} dup {duplicate} rejected {rejected}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  return {
    start: (total, resumedFrom = 0) => {
      started = Date.now();
      bar.start(total, resumedFrom, { speed: 0, created: 0, duplicate: 0, rejected: 0 });
    },
    update: (done, counts) => bar.update(done, { ...counts, speed: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) }),
    stop: () => bar.stop(),
  };
}

function lineProgress(o: ImportProgressOptions): ImportProgress {
  const now = o.now ?? Date.now;
  const everyMs = o.everyMs ?? PROGRESS_EVERY_MS;
  const tick = Math.max(1, Math.floor(everyMs / 5));
  let total = 0;
  let from = 0;
  let done = 0;
  let counts: ImportCounts = { created: 0, duplicate: 0, rejected: 0 };
  let started = 0;
  let lastLine = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  const line = () => {
    const t = now();
    lastLine = t;
    const seconds = (t - started) / 1000;
    const rate = seconds > 0 ? (done - from) / seconds : 0;
    const left = rate > 0 && done < total ? `, about ${formatSeconds((total - done) / rate)} left` : '';
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    o.write(
      `import: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${pct}%) after ${formatSeconds(seconds)}, ${Math.round(rate).toLocaleString('en-US')} events/s${left}; created ${counts.created}, duplicate ${counts.duplicate}, rejected ${counts.rejected}`,
    );
  };

  return {
    start: (n, resumedFrom = 0) => {
      total = n;
      from = done = resumedFrom;
      started = lastLine = now();
      o.write(`import: ${n.toLocaleString('en-US')} units${resumedFrom > 0 ? `, resuming after ${resumedFrom.toLocaleString('en-US')}` : ''}; a progress line at least every ${formatSeconds(everyMs / 1000)}`);
      // Checked five times per interval, so a line is never more than `everyMs` after the last one.
      timer = setInterval(() => {
        if (now() - lastLine >= everyMs - tick) line();
      }, tick);
      timer.unref?.();
    },
    update: (d, c) => {
      done = d;
      counts = { ...c };
      if (now() - lastLine >= everyMs - tick) line();
    },
    stop: () => {
      if (timer === null) return;
      clearInterval(timer);
      timer = null;
      line();
    },
  };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}
