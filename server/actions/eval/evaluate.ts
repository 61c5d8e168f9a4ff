import type { Domain } from '../../domain.js';
import { rankActions } from '../engine.js';
import { computeFeatures } from '../features.js';
import { seededRng } from '../ranking.js';
import { ConnectorFeed } from './connector-feed.js';
import { negativeControls } from './negative-controls.js';
import { DAY, Persona } from './persona.js';
import { EVAL_NOW_MS, scenarios, URGENT, type Scenario } from './scenarios.js';
import { systemActor } from '../../../shared/index.js';

export interface ScenarioResult {
  name: string;
  story: string;
  expect: string[];
  ranked: { kind: string; score: number }[];
  /** The reasons of each ranked action, as an agent reads them. */
  why: string[];
  top1: boolean;
  top3: boolean;
  violations: string[];
  negativeControl: boolean;
  /** Urgent kinds offered to a calm customer. */
  falseAlarms: string[];
}
export interface EvalReport {
  results: ScenarioResult[];
  /** Over the situations (negative controls excluded). */
  hitAt1: number;
  hitAt3: number;
  violations: number;
  negativeControls: number;
  /** Negative controls that got at least one urgent action. */
  falseAlarmControls: number;
}

export interface EvalOptions {
  seed?: number;
  controlSeed?: number;
  controls?: number;
}

/**
 * Plays every scenario and negative control through the connectors into `domain` (a fresh one:
 * customers are told apart by their identifiers), reads each customer's timeline and profile back
 * as the action service does, and ranks with no learned feedback and a fixed seed.
 */
export async function evaluate(domain: Domain, opts: EvalOptions = {}): Promise<EvalReport> {
  const seed = opts.seed ?? 7;
  const feed = new ConnectorFeed(domain);
  const all: Scenario[] = [...scenarios(), ...negativeControls(opts.controlSeed ?? 11, opts.controls ?? 24)];
  const results: ScenarioResult[] = [];
  for (const [i, s] of all.entries()) {
    const p = new Persona(feed, s.name, EVAL_NOW_MS);
    const from = feed.customerIds.length;
    await p.account(500 * DAY);
    await s.play(p);
    const customerId = await oneCustomer(domain, feed.customerIds.slice(from), s.name);
    const [profile, page] = await Promise.all([domain.customers.profile(actor, customerId), domain.customers.timeline(actor, customerId, { limit: 300, channel: undefined })]);
    if (!profile || !page) throw new Error(`${s.name}: customer ${customerId} not found`);
    const features = computeFeatures({ items: page.items, stats: profile.stats, now: new Date(EVAL_NOW_MS) });
    const { actions } = rankActions({ customerId: `cus_${i}`, features, role: s.role, stats: new Map(), rng: seededRng(seed + i) });
    const kinds = actions.map((a) => a.kind as string);
    results.push({
      name: s.name,
      story: s.story,
      expect: s.expect,
      ranked: actions.map((a) => ({ kind: a.kind, score: a.score })),
      why: actions.map((a) => a.reasons.map((r) => r.text).join('; ')),
      top1: kinds.length > 0 && s.expect.includes(kinds[0]!),
      top3: kinds.slice(0, 3).some((k) => s.expect.includes(k)),
      violations: kinds.filter((k) => s.forbid.includes(k)),
      negativeControl: s.negativeControl === true,
      falseAlarms: s.negativeControl ? kinds.filter((k) => URGENT.includes(k)) : [],
    });
  }
  const situations = results.filter((r) => !r.negativeControl);
  const controls = results.filter((r) => r.negativeControl);
  return {
    results,
    hitAt1: situations.filter((r) => r.top1).length / situations.length,
    hitAt3: situations.filter((r) => r.top3).length / situations.length,
    violations: results.reduce((s, r) => s + r.violations.length, 0),
    negativeControls: controls.length,
    falseAlarmControls: controls.filter((r) => r.falseAlarms.length > 0).length,
  };
}

/** Every delivery of one scenario must land on one customer (after merges); anything else is a broken scenario. */
/** The evaluation reads as the system: it judges the engine, not a person's view. */
const actor = systemActor('bench');

async function oneCustomer(domain: Domain, ids: string[], name: string): Promise<string> {
  const survivors = new Set<string>();
  for (const id of new Set(ids)) {
    const s = await domain.customers.resolveId(actor, id);
    if (s) survivors.add(s);
  }
  if (survivors.size !== 1) throw new Error(`${name}: deliveries landed on ${survivors.size} customers, expected one`);
  return [...survivors][0]!;
}
