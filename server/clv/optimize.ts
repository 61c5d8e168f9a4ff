import { nelderMead } from 'fmin';

/*
 * Maximum likelihood over positive parameters: Nelder-Mead (the maintained `fmin` package) on their logs,
 * restarted from its own optimum until the likelihood stops improving (one simplex run can stall on the
 * long, flat ridges these likelihoods have). The objective is the mean log-likelihood per observation, so
 * one tolerance fits 100 customers and 100,000.
 */

export interface MaximizeResult {
  params: number[];
  logLikelihood: number;
  evaluations: number;
}

const OPTIONS = { maxIterations: 4000, minErrorDelta: 1e-8 };

/**
 * Courtesy pauses for a background fit: after every `everyMs` of computing, sleep `pauseMs`. The fit worker
 * turns this on so that, on a machine with few cores, the hub's own thread gets the CPU when it needs it.
 * Off (0) elsewhere. Atomics.wait blocks only the thread it runs on (never the hub's: it is not allowed there).
 */
export const courtesy = { everyMs: 0, pauseMs: 0 };
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let lastPause = 0;
function maybePause(): void {
  if (courtesy.everyMs <= 0) return;
  const now = performance.now();
  if (now - lastPause < courtesy.everyMs) return;
  Atomics.wait(sleeper, 0, 0, courtesy.pauseMs);
  lastPause = performance.now();
}

export function maximizePositive(logLikelihood: (params: readonly number[]) => number, start: readonly number[], observations: number, maxRestarts = 6): MaximizeResult {
  let evaluations = 0;
  const scale = 1 / Math.max(1, observations);
  const negative = (logs: number[]) => {
    evaluations++;
    maybePause();
    const ll = logLikelihood(logs.map(Math.exp));
    return Number.isFinite(ll) ? -ll * scale : Number.MAX_VALUE;
  };
  let best = nelderMead(negative, start.map(Math.log), OPTIONS);
  for (let i = 0; i < maxRestarts; i++) {
    const again = nelderMead(negative, best.x.slice(), OPTIONS);
    const improved = best.fx - again.fx;
    if (again.fx <= best.fx) best = again;
    if (improved < 1e-10) break;
  }
  return { params: best.x.map(Math.exp), logLikelihood: -best.fx / scale, evaluations };
}
