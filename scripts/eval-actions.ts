/*
 * `npm run eval:actions`: runs the next-action scenario suite (server/actions/eval) and prints
 * hit-rate at top-1 and top-3. Exit code 1 when a guardrail is violated.
 */
import { evaluate } from '../server/actions/eval/evaluate.js';

const report = evaluate();
for (const r of report.results) {
  const mark = r.top1 ? 'top1' : r.top3 ? 'top3' : 'MISS';
  console.log(`${mark.padEnd(4)}  ${r.name}`);
  console.log(`      ${r.story}`);
  console.log(`      expected: ${r.expect.join(' | ')}`);
  console.log(`      ranked:   ${r.ranked.map((a) => `${a.kind} (${a.score.toFixed(3)})`).join(', ') || '(none)'}`);
  if (r.violations.length > 0) console.log(`      GUARDRAIL VIOLATION: ${r.violations.join(', ')}`);
}
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`\n${report.results.length} scenarios  hit@1 ${pct(report.hitAt1)}  hit@3 ${pct(report.hitAt3)}  guardrail violations ${report.violations}`);
if (report.violations > 0) process.exitCode = 1;
