/*
 * `npm run eval:actions`: plays the next-action scenarios and the generated negative controls
 * (calm customers) through the real connectors into a temporary SQLite hub, then prints hit-rate
 * at top-1 / top-3, guardrail violations and negative-control false alarms. Exit code 1 when a
 * guardrail is violated or a calm customer gets an urgent action.
 * Options: --controls N (default 24), --seed N (negative-control generator seed, default 11).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../server/actions/eval/evaluate.js';
import { createDomain } from '../server/create-domain.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
};

const dir = mkdtempSync(join(tmpdir(), 'omni-eval-actions-'));
const domain = await createDomain({ dataDir: dir, defaultRegion: 'US' });
try {
  const controlSeed = arg('seed') ?? 11;
  const report = await evaluate(domain, { controlSeed, controls: arg('controls') ?? 24 });
  for (const r of report.results) {
    const mark = r.negativeControl ? (r.falseAlarms.length ? 'ALARM' : 'calm') : r.top1 ? 'top1' : r.top3 ? 'top3' : 'MISS';
    console.log(`${mark.padEnd(5)} ${r.name}`);
    if (!r.negativeControl) {
      console.log(`      ${r.story}`);
      console.log(`      expected: ${r.expect.join(' | ')}`);
    }
    console.log(`      ranked:   ${r.ranked.map((a, i) => `${a.kind} — ${r.why[i]}`).join('\n                ') || '(none)'}`);
    if (r.violations.length > 0) console.log(`      GUARDRAIL VIOLATION: ${r.violations.join(', ')}`);
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const situations = report.results.length - report.negativeControls;
  console.log(`\n${situations} situations  hit@1 ${pct(report.hitAt1)}  hit@3 ${pct(report.hitAt3)}  guardrail violations ${report.violations}`);
  console.log(`${report.negativeControls} negative controls (calm customers, seed ${controlSeed})  false alarms ${report.falseAlarmControls} (${pct(report.falseAlarmControls / Math.max(1, report.negativeControls))})`);
  if (report.violations > 0 || report.falseAlarmControls > 0) process.exitCode = 1;
} finally {
  await domain.close();
  rmSync(dir, { recursive: true, force: true });
}
