import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EvalArgError, parseDateArg, type EvalArgs } from './args.js';
import { evaluateHoldout, type HoldoutResult } from './holdout.js';
import { trackingHtml, trackingSvg } from './tracking-chart.js';
import { loadTransactions } from './transactions.js';
import { DAY_MS } from '../summary.js';

/* `npm run eval:clv` without the process around it: periods, checks that name the argument, the report lines and chart files. */

export interface EvalOutcome {
  result: HoldoutResult;
  lines: string[];
  files: string[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const f3 = (v: number) => v.toFixed(3);

export function runEval(args: EvalArgs): EvalOutcome {
  const tx = loadTransactions(args.file, args.format);
  if (tx.byCustomer.size === 0) throw new EvalArgError(`<file> ${args.file}: no purchases found for --format ${args.format}`);
  const cdnow = args.format === 'cdnow';
  const holdoutEnd = args.holdoutEnd ? parseDateArg('--holdout-end', args.holdoutEnd) : cdnow ? Date.UTC(1998, 5, 30) : tx.lastMs;
  const calibrationEnd = args.calibrationEnd ? parseDateArg('--calibration-end', args.calibrationEnd) : cdnow ? Date.UTC(1997, 8, 30) : tx.firstMs + Math.floor((holdoutEnd - tx.firstMs) / 2 / DAY_MS) * DAY_MS;
  if (calibrationEnd >= holdoutEnd) throw new EvalArgError(`--calibration-end (${day(calibrationEnd)}) must be before --holdout-end (${day(holdoutEnd)})`);
  if (calibrationEnd < tx.firstMs) throw new EvalArgError(`--calibration-end (${day(calibrationEnd)}) is before the first purchase (${day(tx.firstMs)}): the calibration period is empty`);
  if (calibrationEnd >= tx.lastMs) throw new EvalArgError(`--calibration-end (${day(calibrationEnd)}) is on or after the last purchase (${day(tx.lastMs)}): the holdout period is empty`);
  const r = evaluateHoldout(tx.byCustomer, calibrationEnd, holdoutEnd);
  const { r: rr, alpha, a, b } = r.bgnbd;
  const lines = [
    `${basename(args.file)} (${args.format}): ${r.customers.toLocaleString('en-US')} customers first bought by ${day(calibrationEnd)}, ${r.repeatCustomers.toLocaleString('en-US')} bought again; ${tx.rejected ? `${tx.rejected} lines rejected; ` : ''}currency ${tx.currency}`,
    `calibration to ${day(calibrationEnd)} (${r.calibrationWeeks.toFixed(1)} weeks from the first trial), holdout to ${day(holdoutEnd)} (${r.holdoutWeeks.toFixed(1)} weeks)`,
    `BG/NBD       r= ${f3(rr)} alpha= ${f3(alpha)} a= ${f3(a)} b= ${f3(b)}   log-likelihood ${r.logLikelihood.toFixed(1)}`,
    r.gammaGamma ? `Gamma-Gamma  p= ${f3(r.gammaGamma.p)} q= ${f3(r.gammaGamma.q)} v= ${f3(r.gammaGamma.v)}` : 'Gamma-Gamma  not fitted (fewer than 2 repeat customers with spend)',
    `holdout repeat purchases: actual ${r.actualHoldout.toLocaleString('en-US')}, BG/NBD ${r.predictedHoldout.toFixed(1)}, naive ${r.naiveHoldout.toFixed(1)}`,
    `per-customer mean absolute error: BG/NBD ${f3(r.maeModel)}, naive (calibration rate carried forward) ${f3(r.maeNaive)} -> ${r.maeModel < r.maeNaive ? 'model beats naive' : 'model does NOT beat naive'}`,
  ];
  const files: string[] = [];
  if (args.outDir) {
    mkdirSync(args.outDir, { recursive: true });
    const stem = basename(args.file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
    const title = `Weekly cumulative repeat purchases: ${basename(args.file)}`;
    const svg = join(args.outDir, `${stem}-tracking.svg`);
    const html = join(args.outDir, `${stem}-tracking.html`);
    writeFileSync(svg, trackingSvg(r, title));
    writeFileSync(html, trackingHtml(r, title, lines));
    files.push(svg, html);
  }
  return { result: r, lines, files };
}
