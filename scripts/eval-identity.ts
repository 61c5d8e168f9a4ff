/*
 * Identity matcher evaluation on Febrl (see docs/identity.md).
 *   npm run eval:identity -- <febrl.csv>                 dedup one file
 *   npm run eval:identity -- <a.csv> <b.csv>             link two files
 *   npm run eval:identity -- --all [dir] [--write-docs]  datasets 1..3 (dedup) + 4a/4b (linkage) [+ curve tables into docs/identity.md]
 *   npm run eval:identity -- --synthetic 100000          time and memory on synthetic profiles
 *   npm run eval:identity -- --synthetic households --seed 1[,2,…|1..5] [--people 2500] [--write-docs]
 *                                                        household-heavy data with ground truth: P/R/F1 + the full curve per seed
 *   add --without idNumber[,dob,…] to blank fields first (ablation: how much rests on one strong field)
 * Prints precision=, recall=, f1= (pairs, at the default threshold), plus time and memory.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { faker } from '@faker-js/faker';
import { evaluate, type Evaluation } from '../server/identity/matching/evaluate.js';
import { loadFebrl, type FebrlRecord } from '../server/identity/matching/febrl.js';
import { generateHouseholds } from '../server/identity/matching/synthetic/households.js';
import { DEFAULT_THRESHOLD, scoreDedup } from '../server/identity/matching/matcher.js';
import { normalizeRecord, type MatchRecord } from '../server/identity/matching/record.js';

const DOCS = resolve(import.meta.dirname, '..', 'docs', 'identity.md');
const fmt = (x: number) => x.toFixed(4);

/** Wall time, CPU time (what the work costs on a shared, loaded machine), heap and peak RSS. */
function measure<T>(fn: () => T): { value: T; seconds: number; cpuSeconds: number; heapMb: number; rssMb: number } {
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const value = fn();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    const cpu = process.cpuUsage(cpu0);
    return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, heapMb: m.heapUsed / 2 ** 20, rssMb: peakRss / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

let without: (keyof MatchRecord)[] = [];
const blank = (rs: FebrlRecord[]) => (without.length === 0 ? rs : rs.map((r) => ({ ...r, ...Object.fromEntries(without.map((f) => [f, Array.isArray(r[f]) ? [] : ''])) })));

function run(a: string, b?: string): { name: string; e: Evaluation; seconds: number; rssMb: number } {
  const suffix = without.length ? `, without ${without.join('+')}` : '';
  const name = b ? `${basename(a)} x ${basename(b)} (linkage${suffix})` : `${basename(a)} (dedup${suffix})`;
  return report(name, () => evaluate(blank(loadFebrl(a)), b ? blank(loadFebrl(b)) : undefined));
}

function report(name: string, evaluation: () => Evaluation): { name: string; e: Evaluation; seconds: number; rssMb: number } {
  const r = measure(evaluation);
  const e = r.value;
  console.log(`# ${name}: ${e.records} records, ${e.truePairs} true pairs, ${e.candidatePairs} candidate pairs (pair completeness ${fmt(e.pairCompleteness)})`);
  console.log(`threshold=${DEFAULT_THRESHOLD}`);
  console.log(`precision=${fmt(e.atDefault.precision)}`);
  console.log(`recall=${fmt(e.atDefault.recall)}`);
  console.log(`f1=${fmt(e.atDefault.f1)}`);
  console.log(`exact_id_precision=${fmt(e.exactIdPrecision)} (${e.exactIdPairs} pairs share an id number)`);
  console.log(`time_s=${r.seconds.toFixed(2)} peak_rss_mb=${r.rssMb.toFixed(0)} heap_mb=${r.heapMb.toFixed(0)}`);
  return { name, e, seconds: r.seconds, rssMb: r.rssMb };
}

/** Synthetic people (faker, seeded) with ~10% corrupted duplicates: scale check for blocking + EM. */
function synthetic(n: number): MatchRecord[] {
  faker.seed(42);
  const out: MatchRecord[] = [];
  const base = Math.round(n / 1.1);
  for (let i = 0; i < base; i++) {
    out.push(
      normalizeRecord({
        id: `s${i}`,
        givenName: faker.person.firstName(),
        surname: faker.person.lastName(),
        dob: faker.date.birthdate().toISOString().slice(0, 10),
        streetNumber: String(faker.number.int({ min: 1, max: 300 })),
        address: faker.location.street(),
        locality: faker.location.city(),
        postcode: faker.location.zipCode('#####'),
        state: faker.location.state({ abbreviated: true }),
        emails: [faker.internet.email().toLowerCase()],
        phones: [faker.phone.number({ style: 'international' })],
      }),
    );
  }
  for (let i = 0; out.length < n; i++) {
    const src = out[i % base]!;
    const typo = (s: string) => (s.length > 3 ? s.slice(0, 2) + s[3] + s[2] + s.slice(4) : s);
    out.push({ ...src, id: `d${i}`, givenName: i % 3 === 0 ? typo(src.givenName) : src.givenName, surname: i % 3 === 1 ? typo(src.surname) : src.surname, emails: [] });
  }
  return out;
}

/** "3", "1,2,5" or "1..5" -> seeds. */
function parseSeeds(v: string | undefined): number[] {
  const range = /^(\d+)\.\.(\d+)$/.exec(v ?? '');
  if (range) return Array.from({ length: Number(range[2]) - Number(range[1]) + 1 }, (_, i) => Number(range[1]) + i);
  const seeds = (v ?? '1').split(',').map(Number);
  if (seeds.some((x) => !Number.isInteger(x) || x < 0)) throw new Error(`--seed must be an integer, a list (1,2,3) or a range (1..5), got "${v}"`);
  return seeds;
}

function households(args: string[]): void {
  const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
  const people = Number(opt('--people') ?? 2500);
  const results = parseSeeds(opt('--seed')).map((seed) => {
    const data = generateHouseholds({ seed, people });
    const name = `households seed ${seed} (${data.people} people in ${data.households} households)`;
    const r = report(name, () => evaluate(data.records));
    // What auto-merging on a shared loyalty card would do: the pairs it would join, and how many are one person.
    let cardPairs = 0;
    let cardTrue = 0;
    const byCard = new Map<string, FebrlRecord[]>();
    for (const rec of data.records) for (const c of rec.sharedIds) byCard.set(c, [...(byCard.get(c) ?? []), rec]);
    for (const g of byCard.values()) {
      for (let i = 0; i < g.length; i++) {
        for (let j = i + 1; j < g.length; j++) {
          cardPairs++;
          if (g[i]!.entity === g[j]!.entity) cardTrue++;
        }
      }
    }
    console.log(`shared_card_precision=${fmt(cardPairs ? cardTrue / cardPairs : 1)} (${cardPairs} pairs share a loyalty card: what auto-merging on it would join)`);
    console.log(curveTable(r.e));
    return r;
  });
  if (args.includes('--write-docs')) writeDocs(results, 'households', `npm run eval:identity -- --synthetic households --seed ${opt('--seed') ?? '1'} --write-docs`);
}

function curveTable(e: Evaluation): string {
  const rows = e.curve.map((p) => `| ${p.threshold} | ${fmt(p.precision)} | ${fmt(p.recall)} | ${fmt(p.f1)} | ${p.predicted} |`);
  return ['| threshold | precision | recall | F1 | predicted pairs |', '|---|---|---|---|---|', ...rows].join('\n');
}

function writeDocs(results: ReturnType<typeof run>[], section = 'identity', command = 'npm run eval:identity -- --all --write-docs'): void {
  const begin = `<!-- eval:${section} begin -->`;
  const end = `<!-- eval:${section} end -->`;
  const body = [
    begin,
    `Generated by \`${command}\` (${new Date().toISOString().slice(0, 10)}, node ${process.version}).`,
    '',
    '| dataset | records | true pairs | candidates | pair completeness | precision | recall | F1 | exact-id precision | time (s) | peak RSS (MB) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.e.records} | ${r.e.truePairs} | ${r.e.candidatePairs} | ${fmt(r.e.pairCompleteness)} | ${fmt(r.e.atDefault.precision)} | ${fmt(r.e.atDefault.recall)} | ${fmt(r.e.atDefault.f1)} | ${fmt(r.e.exactIdPrecision)} | ${r.seconds.toFixed(2)} | ${r.rssMb.toFixed(0)} |`,
    ),
    '',
    ...results.flatMap((r) => [`### Precision / recall curve: ${r.name}`, '', curveTable(r.e), '']),
    end,
  ].join('\n');
  const text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : `# Identity\n\n${begin}\n${end}\n`;
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  const next = at >= 0 && stop > at ? text.slice(0, at) + body + text.slice(stop + end.length) : `${text.trimEnd()}\n\n${body}\n`;
  writeFileSync(DOCS, next);
  console.log(`wrote ${DOCS}`);
}

function main(argv: string[]): void {
  const args = argv.filter((a) => a !== '--');
  const w = args.indexOf('--without');
  if (w >= 0) {
    without = (args[w + 1] ?? '').split(',').filter(Boolean) as (keyof MatchRecord)[];
    args.splice(w, 2);
  }
  if (args[0] === '--synthetic' && args[1] === 'households') {
    households(args);
    return;
  }
  if (args[0] === '--synthetic') {
    const n = Number(args[1] ?? 100_000);
    const gen = measure(() => synthetic(n));
    console.log(`generated ${n} synthetic profiles in ${gen.seconds.toFixed(1)} s`);
    const r = measure(() => scoreDedup(gen.value));
    let predicted = 0;
    for (const s of r.value.scores) if (s >= DEFAULT_THRESHOLD) predicted++;
    console.log(`candidate_pairs=${r.value.scores.length} predicted_pairs=${predicted}`);
    console.log(`time_s=${r.seconds.toFixed(2)} cpu_s=${r.cpuSeconds.toFixed(2)} peak_rss_mb=${r.rssMb.toFixed(0)} heap_mb=${r.heapMb.toFixed(0)}`);
    return;
  }
  if (args[0] === '--all') {
    const dir = args[1] && !args[1].startsWith('--') ? args[1] : resolve(import.meta.dirname, '..', '..', 'shared', 'data', 'febrl');
    const results = [
      run(join(dir, 'dataset1.csv')),
      run(join(dir, 'dataset2.csv')),
      run(join(dir, 'dataset3.csv')),
      run(join(dir, 'dataset4a.csv'), join(dir, 'dataset4b.csv')),
    ];
    if (args.includes('--write-docs')) writeDocs(results);
    return;
  }
  if (args.length < 1 || args.length > 2) {
    console.error('usage: npm run eval:identity -- <febrl.csv> [<second.csv for linkage>] | --all [dir] [--write-docs] | --synthetic [n] | --synthetic households --seed N');
    process.exit(2);
  }
  for (const f of args) {
    if (existsSync(f)) continue;
    console.error(`no such file: ${f}`);
    process.exit(2);
  }
  run(args[0]!, args[1]);
}

main(process.argv.slice(2));
