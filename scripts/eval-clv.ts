/*
 * `npm run eval:clv -- <file> --format cdnow|jsonl|online-retail-csv [--calibration-end D --holdout-end D] [--out-dir DIR]`
 * Fits BG/NBD + Gamma-Gamma on the calibration period and checks the holdout against a naive baseline
 * (docs/clv.md). Writes the weekly tracking chart (SVG + HTML) into --out-dir (default .tmp/clv).
 */
import { EvalArgError, parseEvalArgs } from '../server/clv/eval/args.js';
import { runEval } from '../server/clv/eval/run-eval.js';

try {
  const args = parseEvalArgs(process.argv.slice(2));
  const { lines, files } = runEval({ ...args, outDir: args.outDir ?? '.tmp/clv' });
  for (const l of lines) console.log(l);
  for (const f of files) console.log(`wrote ${f}`);
} catch (err) {
  if (err instanceof EvalArgError) {
    console.error(`eval:clv: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
