/*
 * The deterministic demo data set: personas first, then generated customers, each customer's
 * history in chronological order (so identity merges happen the way they would in real life:
 * loyalty-card-only store visits first, the order that links card and email later).
 */
import type { IngestEvent } from '../../shared/index.js';
import { KINDS, KIND_WEIGHTS, anyPhone, buildKind, chat, emailThread, onlineOrder, signup, type BuildContext, type Draft, type Kind } from './builders.js';
import { demoFaker, demoIdentity, type DemoIdentity } from './identity.js';
import { DEMO_PERSONAS, personaIdentity } from './personas.js';
import { personaSituations } from './situations.js';

export const DEFAULT_SEED = 42;
export const DEFAULT_CUSTOMERS = 3000;
/** Every `HEAVY_EVERY`-th generated customer has 1000+ events. */
export const HEAVY_EVERY = 1000;
const DAY = 86_400_000;

export interface GenerateOptions {
  seed?: number;
  /** Total people, personas included (at least the number of personas). */
  customers?: number;
  now?: Date;
}

/** Order numbers `#1001`, `#1002`, … skipping the personas' `#5000`–`#5099`. */
export function orderNumbers(): () => string {
  let n = 1000;
  return () => {
    n += 1;
    if (n >= 5000 && n < 5100) n = 5100;
    return `#${n}`;
  };
}

/** Identity of the person at `index` (personas first): the same answer the generator used. */
export function identityAt(seed: number, index: number): DemoIdentity {
  const persona = DEMO_PERSONAS[index];
  return persona ? personaIdentity(persona, index) : demoIdentity(seed, index, HEAVY_EVERY);
}

/** Yields one customer's events at a time (chronological), never the whole data set in memory. */
export function* generateDemo(opts: GenerateOptions = {}): Generator<IngestEvent[]> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const customers = Math.max(opts.customers ?? DEFAULT_CUSTOMERS, DEMO_PERSONAS.length);
  const now = opts.now ?? new Date();
  const nextOrderNumber = orderNumbers();
  for (let index = 0; index < customers; index++) {
    yield customerHistory(seed, identityAt(seed, index), now, nextOrderNumber);
  }
}

/** One customer's whole history, oldest first, with stable sourceEventIds `demo-<seed>-<index>-<n>`. */
export function customerHistory(seed: number, who: DemoIdentity, now: Date, nextOrderNumber: () => string): IngestEvent[] {
  const f = demoFaker([seed, who.index, 1]);
  const end = now.getTime() - 10 * 60_000;
  const start = end - who.historyDays * DAY;
  // Orders and email replies add follow-up events: ~1.4 events per contact on average.
  const contacts = Math.max(1, Math.round(who.eventTarget / 1.4));
  const times = Array.from({ length: contacts }, () => f.number.int({ min: start + DAY, max: end })).sort((a, b) => a - b);
  // Fragmented customers: split identities until the bridge (~60% through); the twin email shows up at ~20%.
  const altAt = times[Math.floor(times.length * 0.2)]!;
  const bridgeAt = times[Math.floor(times.length * 0.6)]!;

  let lastOrder: string | null = null;
  const ctx = (at: number, account: number, fragmentedPhase: boolean): BuildContext => ({
    f,
    who,
    at: new Date(at),
    account,
    fragmentedPhase,
    lastOrder,
    nextOrderNumber: () => (lastOrder = nextOrderNumber()),
    now,
  });

  const drafts: Draft[] = [signup(ctx(start, 0, who.fragmented))];
  let pinned = who.pinnedOrderNumber;
  let altDone = !(who.fragmented && who.emails.length > 1);
  let bridgeDone = !who.fragmented;
  const bridge = (t: number) => {
    // The card meets the email: a checkout with the loyalty card linked.
    const number = pinned ?? nextOrderNumber();
    pinned = undefined;
    drafts.push(...onlineOrder(ctx(t, 0, false), { email: who.emails[0]!, loyaltyId: who.loyaltyId!, externalIds: { shopify: who.shopifyIds[0]! }, name: who.name }, number));
    lastOrder = number;
    // The twin email meets the phone: a chat asking to link the two accounts.
    if (who.emails[1]) {
      const link = ctx(Math.min(t + 3 * DAY, end), 1, false);
      drafts.push(chat(link, { email: who.emails[1], phone: anyPhone(link), name: who.name }, `Hi, I have two accounts (${who.emails[0]} and ${who.emails[1]}). Can you merge them?`));
    }
    bridgeDone = true;
  };

  const weights = KINDS.map((k) => ({ weight: KIND_WEIGHTS[k], value: k }));
  for (const t of times) {
    if (!altDone && t >= altAt) {
      drafts.push(...emailThread(ctx(t, 1, true)));
      altDone = true;
      continue;
    }
    if (!bridgeDone && t >= bridgeAt) {
      bridge(t);
      continue;
    }
    const fragmentedPhase = who.fragmented && !bridgeDone;
    const account = who.emails.length > 1 && f.datatype.boolean({ probability: fragmentedPhase ? 0.35 : 0.2 }) ? 1 : 0;
    const kind: Kind = f.helpers.weightedArrayElement(weights);
    if (kind === 'purchase' && pinned && !who.fragmented) {
      drafts.push(...onlineOrder(ctx(t, account, fragmentedPhase), undefined, pinned));
      lastOrder = pinned;
      pinned = undefined;
      continue;
    }
    drafts.push(...buildKind(kind, ctx(t, account, fragmentedPhase)));
  }
  if (!bridgeDone) bridge(end);
  // Personas end with a recent situation the next-action engine recognises.
  if (who.index < DEMO_PERSONAS.length) drafts.push(...personaSituations(who, now));

  // Stable sort by time keeps ties in creation order (deterministic).
  drafts.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return drafts.map((d, n) => ({ ...d, sourceEventId: `demo-${seed}-${who.index}-${n}` }));
}
