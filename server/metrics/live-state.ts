import { AGENT_CAPACITY_UNITS, type Channel } from '../../shared/index.js';
import { contribution, dueUs, SUM_KEYS, zeroSums, type Contact, type Rules, type Sums } from './figures.js';
import type { UnitsOf } from './occupancy.js';

/*
 * Today's figures in memory, maintained incrementally and compactly (docs/metrics.md, "Live maintenance"):
 * every leg's vector is added to its arrival's 15-minute slot and, while that minute is among the last 64,
 * to a one-minute ring (the 15m / 1h windows), per queue x channel, in typed arrays. Only legs still running
 * (waiting or being handled) are held as objects; a leg that is over is final, so once folded it is dropped
 * (kept a minute for the change feed's overlap), and what the floor needs of it later is its vector, its
 * agent's busy time and handled count (per agent x key), or a database read (drill-down). A changed leg
 * costs one subtract and one add; the clock only matters to waiting legs: `tick` refolds those that pass T.
 */

export const keyOf = (queueId: string | null, channel: Channel): string => `${queueId ?? ''}|${channel}`;
export function splitKey(key: string): { queueId: string | null; channel: Channel } {
  const bar = key.lastIndexOf('|');
  const q = key.slice(0, bar);
  return { queueId: q === '' ? null : q, channel: key.slice(bar + 1) as Channel };
}

const MINUTE_US = 60_000_000;
const SLOT_US = 15 * MINUTE_US;
/** A local day has at most 100 quarter hours (fall back). */
export const DAY_SLOTS = 100;
const RING = 64;
const NF = SUM_KEYS.length;
/** How long a finished leg stays held: longer than the change feed's overlap, so a re-read is recognised. */
const DONE_KEEP_US = 60_000_000;

interface KeySums {
  slots: Float64Array;
  ring: Float64Array;
  ringMinute: Int32Array;
  total: Float64Array;
}

interface Held {
  c: Contact;
  /** Waiting legs: whether the vector folded counted them inside T, and when they pass T. */
  withinT: boolean;
  dueUs: number;
}

export class LiveState {
  private readonly running = new Map<string, Held>();
  /** Finished legs folded recently (id -> leg, when): a newer version within the minute still unfolds exactly. */
  private readonly done = new Map<string, { c: Contact; atUs: number }>();
  private readonly openByConversation = new Map<string, string>();
  /** 30-bit hashes of the conversations with a leg today (a collision only makes a first leg arrive "now"). */
  private readonly conversationsWithLegs = new Set<number>();
  private readonly latestByCall = new Map<string, Contact>();
  /** Finished legs read at start inside the change feed's overlap: id hash -> version only, until the overlap passed. */
  private readonly loadedDone = new Map<number, number>();
  private loadedDoneUntilUs = 0;
  private readonly sums = new Map<string, KeySums>();
  private readonly waiting = new Map<string, Set<string>>();
  /** agent -> key -> busy µs today (finished legs, from max(answer, day start) to end) and handled count. */
  private readonly agentDone = new Map<string, Map<string, { busyUs: number; handled: number }>>();
  private readonly agentRunning = new Map<string, Set<string>>();
  private folded = 0;

  constructor(
    private readonly rulesFor: (queueId: string | null, channel: Channel) => Rules,
    public dayStartUs: number,
  ) {}

  /** Legs folded since the state was built (today's count, for the bench). */
  get size(): number {
    return this.folded;
  }
  /** Legs held as objects (running, plus finished in the last minute). */
  get held(): number {
    return this.running.size + this.done.size;
  }
  get(id: string): Contact | undefined {
    return this.running.get(id)?.c ?? this.done.get(id)?.c;
  }
  openLegOf(conversationId: string): Contact | null {
    const id = this.openByConversation.get(conversationId);
    return id ? (this.running.get(id)?.c ?? null) : null;
  }
  hadLegs(conversationId: string): boolean {
    return this.conversationsWithLegs.has(hash32(conversationId));
  }
  latestCallLeg(callSid: string): Contact | null {
    return this.latestByCall.get(callSid) ?? null;
  }

  /** Whether this version of a leg (or a newer one) is already folded here: `apply` of it would change nothing. */
  holds(id: string, version: number, nowUs: number): boolean {
    const held = this.get(id);
    if (held) return held.version >= version;
    return nowUs <= this.loadedDoneUntilUs && (this.loadedDone.get(hash53(id)) ?? 0) >= version;
  }

  /**
   * Folds a leg (new or changed). Idempotent: a version already held (or older) changes nothing. Returns whether it
   * changed. `keepDone` false (loading from the database a leg the change feed cannot read again): a finished leg
   * is folded and not held at all.
   */
  apply(c: Contact, nowUs: number, keepDone = true): boolean {
    const old = this.get(c.id);
    if (old && old.version >= c.version) return false;
    if (!old && this.loadedDone.size > 0) {
      if (nowUs > this.loadedDoneUntilUs) this.loadedDone.clear();
      else if ((this.loadedDone.get(hash53(c.id)) ?? 0) >= c.version) return false; // read at start, now again through the feed
    }
    if (old) this.unfold(old);
    else this.folded++;
    this.fold(c, nowUs, keepDone);
    this.forgetDone(nowUs);
    return true;
  }

  /**
   * A leg read from the database at start. `inOverlap`: written so recently that the change feed may deliver it
   * again. A finished one is folded and only its id's hash and version are kept for that minute (a hub starting
   * right after a busy moment would otherwise hold every leg of it); a running one is held as always.
   */
  applyLoaded(c: Contact, nowUs: number, inOverlap: boolean): boolean {
    const finished = c.endedUs !== null || c.outcome === 'transferred';
    if (!finished || !inOverlap) return this.apply(c, nowUs, inOverlap);
    const changed = this.apply(c, nowUs, false);
    if (changed) {
      this.loadedDone.set(hash53(c.id), c.version);
      this.loadedDoneUntilUs = nowUs + DONE_KEEP_US;
    }
    return changed;
  }

  /** Waiting legs that passed T since they were folded, refolded: leg id -> key. */
  tickLegs(nowUs: number): Map<string, string> {
    const changed = new Map<string, string>();
    for (const h of this.running.values()) {
      if (!h.withinT || h.c.outcome !== 'waiting' || nowUs <= h.dueUs) continue;
      const c = h.c;
      this.unfold(c);
      this.fold(c, nowUs);
      changed.set(h.c.id, keyOf(h.c.queueId, h.c.channel));
    }
    this.forgetDone(nowUs);
    return changed;
  }

  /** Waiting legs that passed T since they were folded: refolded. Returns the keys that changed. */
  tick(nowUs: number): Set<string> {
    return new Set(this.tickLegs(nowUs).values());
  }

  /** Rules (T, short abandons, calendars) changed, or a new day: every vector again from today's legs (read from the database). */
  rebuild(legs: Iterable<Contact>, nowUs: number): void {
    const keep = [...this.running.values()].map((h) => h.c);
    this.clear();
    for (const c of keep) this.apply(c, nowUs);
    for (const c of legs) this.apply(c, nowUs);
  }

  /** A new local day: finished legs of yesterday are gone; legs still running stay (counted live, not in today's sums). */
  rollDay(dayStartUs: number, nowUs: number): void {
    this.dayStartUs = dayStartUs;
    this.rebuild([], nowUs);
  }

  keys(): string[] {
    return [...new Set([...this.sums.keys(), ...this.waiting.keys()])];
  }

  /** Summed vector of one key over [fromUs, nowUs] by arrival minute (at most the last hour); `null` from = the whole day. */
  window(key: string, fromUs: number | null, nowUs: number): Sums {
    const ks = this.sums.get(key);
    if (!ks) return zeroSums();
    if (fromUs === null) return read(ks.total, 0);
    const out = new Float64Array(NF);
    const first = Math.max(0, Math.floor((fromUs - this.dayStartUs) / MINUTE_US));
    const last = Math.floor((nowUs - this.dayStartUs) / MINUTE_US);
    for (let m = Math.max(first, last - RING + 1); m <= last; m++) {
      const i = m & (RING - 1);
      if (ks.ringMinute[i] === m) for (let f = 0; f < NF; f++) out[f]! += ks.ring[i * NF + f]!;
    }
    return read(out, 0);
  }

  /** Today's vector per 15-minute slot of one key (slot i starts at day start + 15 i minutes). */
  slotSums(key: string): Sums[] {
    const ks = this.sums.get(key);
    return Array.from({ length: DAY_SLOTS }, (_, i) => (ks ? read(ks.slots, i * NF) : zeroSums()));
  }

  /** Waiting now in this key (whenever they arrived) and the oldest arrival. */
  waitingOf(key: string): { count: number; oldestUs: number | null } {
    const set = this.waiting.get(key);
    if (!set || set.size === 0) return { count: 0, oldestUs: null };
    let oldest = Infinity;
    for (const id of set) oldest = Math.min(oldest, this.running.get(id)!.c.arrivedUs);
    return { count: set.size, oldestUs: oldest };
  }

  /** Running legs (waiting or handled now) of one key, arrival order: the live part of a drill-down. */
  runningOf(key: string, pick: (c: Contact) => boolean): Contact[] {
    const out: Contact[] = [];
    for (const { c } of this.running.values()) if (keyOf(c.queueId, c.channel) === key && pick(c)) out.push(c);
    return out.sort((a, b) => a.arrivedUs - b.arrivedUs);
  }

  /** One agent today: capacity-weighted busy seconds (finished legs plus running ones up to now) and legs handled. */
  agentWork(agentId: string, nowUs: number, unitsOf: UnitsOf): { busySec: number; handledToday: number } {
    let us = 0;
    let handled = 0;
    const share = (key: string) => {
      const { queueId, channel } = splitKey(key);
      return Math.min(1, unitsOf(queueId, channel) / AGENT_CAPACITY_UNITS);
    };
    for (const [key, d] of this.agentDone.get(agentId) ?? []) {
      us += d.busyUs * share(key);
      handled += d.handled;
    }
    for (const id of this.agentRunning.get(agentId) ?? []) {
      const c = this.running.get(id)?.c;
      if (!c || c.answeredUs === null) continue;
      us += Math.max(0, nowUs - Math.max(c.answeredUs, this.dayStartUs)) * share(keyOf(c.queueId, c.channel));
    }
    return { busySec: us / 1e6, handledToday: handled };
  }

  private clear(): void {
    for (const m of [this.running, this.done, this.openByConversation, this.latestByCall, this.sums, this.waiting, this.agentDone, this.agentRunning, this.loadedDone]) m.clear();
    this.conversationsWithLegs.clear();
    this.folded = 0;
  }

  private forgetDone(nowUs: number): void {
    for (const [id, d] of this.done) {
      if (nowUs - d.atUs <= DONE_KEEP_US) break; // insertion order = fold order
      this.done.delete(id);
      if (d.c.callSid && this.latestByCall.get(d.c.callSid) === d.c) this.latestByCall.delete(d.c.callSid);
    }
  }

  private fold(c: Contact, nowUs: number, keepDone = true): void {
    const key = keyOf(c.queueId, c.channel);
    const rules = this.rulesFor(c.queueId, c.channel);
    const v = contribution(c, rules, nowUs);
    this.addAt(key, c.arrivedUs, v, 1);
    const finished = c.endedUs !== null || c.outcome === 'transferred';
    if (finished) {
      this.done.delete(c.id);
      if (keepDone) this.done.set(c.id, { c, atUs: nowUs });
      if (c.agentId && c.answeredUs !== null) this.agentFinished(c, key, 1);
    } else {
      this.running.set(c.id, { c, withinT: v.waitingWithinT === 1, dueUs: c.outcome === 'waiting' ? dueUs(c.arrivedUs, rules) : Number.POSITIVE_INFINITY });
      if (c.outcome === 'waiting') setOf(this.waiting, key).add(c.id);
      if (c.conversationId) this.openByConversation.set(c.conversationId, c.id);
      if (c.agentId) setOf(this.agentRunning, c.agentId).add(c.id);
    }
    if (c.conversationId) this.conversationsWithLegs.add(hash32(c.conversationId));
    // A call's latest leg is looked up while Twilio may still call back about it: running, or finished within the
    // minute kept for retries. A finished leg loaded at start is not held (a day of calls would stay in memory).
    if (c.callSid && (!finished || keepDone)) {
      const prev = this.latestByCall.get(c.callSid);
      if (!prev || prev.id === c.id || prev.arrivedUs <= c.arrivedUs) this.latestByCall.set(c.callSid, c);
    }
  }

  private unfold(c: Contact): void {
    const key = keyOf(c.queueId, c.channel);
    const held = this.running.get(c.id);
    // Rebuild the exact vector folded before: for a waiting leg, with the within-T flag it was folded with.
    const v = contribution(c, this.rulesFor(c.queueId, c.channel), 0);
    if (c.outcome === 'waiting') v.waitingWithinT = held?.withinT ? 1 : 0;
    this.addAt(key, c.arrivedUs, v, -1);
    if (held) {
      this.running.delete(c.id);
      const waiting = this.waiting.get(key);
      waiting?.delete(c.id);
      if (waiting?.size === 0) this.waiting.delete(key);
      if (c.conversationId && this.openByConversation.get(c.conversationId) === c.id) this.openByConversation.delete(c.conversationId);
      if (c.agentId) this.agentRunning.get(c.agentId)?.delete(c.id);
    } else {
      this.done.delete(c.id);
      if (c.agentId && c.answeredUs !== null) this.agentFinished(c, key, -1);
    }
  }

  private agentFinished(c: Contact, key: string, sign: number): void {
    if (c.endedUs === null || c.endedUs < this.dayStartUs) return;
    let byKey = this.agentDone.get(c.agentId!);
    if (!byKey) this.agentDone.set(c.agentId!, (byKey = new Map()));
    let d = byKey.get(key);
    if (!d) byKey.set(key, (d = { busyUs: 0, handled: 0 }));
    d.busyUs += sign * Math.max(0, c.endedUs - Math.max(c.answeredUs!, this.dayStartUs));
    d.handled += sign;
  }

  private addAt(key: string, arrivedUs: number, v: Sums, sign: number): void {
    if (arrivedUs < this.dayStartUs) return; // before today: counted live (waiting), not in today's sums
    // A zero vector (a transferred leg) adds nothing: no key is created for it, so no empty row shows.
    if (SUM_KEYS.every((k) => v[k] === 0)) return;
    let ks = this.sums.get(key);
    if (!ks) this.sums.set(key, (ks = { slots: new Float64Array(DAY_SLOTS * NF), ring: new Float64Array(RING * NF), ringMinute: new Int32Array(RING).fill(-1), total: new Float64Array(NF) }));
    addInto(ks.total, 0, v, sign);
    // Everything of this key unfolded again (a leg moved to another queue): the key goes, and its row with it.
    if (sign < 0 && ks.total.every((x) => Math.abs(x) < 1e-6)) {
      this.sums.delete(key);
      return;
    }
    const slot = Math.min(DAY_SLOTS - 1, Math.floor((arrivedUs - this.dayStartUs) / SLOT_US));
    addInto(ks.slots, slot * NF, v, sign);
    const minute = Math.floor((arrivedUs - this.dayStartUs) / MINUTE_US);
    const i = minute & (RING - 1);
    if (ks.ringMinute[i]! > minute) return; // an older minute than the ring holds: outside every window
    if (ks.ringMinute[i]! < minute) {
      ks.ring.fill(0, i * NF, (i + 1) * NF);
      ks.ringMinute[i] = minute;
    }
    addInto(ks.ring, i * NF, v, sign);
  }
}

function addInto(a: Float64Array, at: number, v: Sums, sign: number): void {
  for (let f = 0; f < NF; f++) a[at + f]! += sign * v[SUM_KEYS[f]!];
}

function read(a: Float64Array, at: number): Sums {
  const s = zeroSums();
  for (let f = 0; f < NF; f++) s[SUM_KEYS[f]!] = a[at + f]!;
  return s;
}

/** Two FNV-1a variants as one 53-bit number: ids told apart without holding their strings. */
function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
    b = Math.imul(b ^ s.charCodeAt(i), 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/** FNV-1a, kept to 30 bits: a small integer V8 stores inline (a day's conversations, no boxed number each). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x3fffffff;
}

function setOf<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  return s;
}
