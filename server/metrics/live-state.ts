import type { Channel } from '../../shared/index.js';
import { addSums, contribution, zeroSums, type Contact, type Rules, type Sums } from './figures.js';

/*
 * Today's figures in memory, maintained incrementally: every leg's vector sits in the one-minute bucket of
 * its arrival (per queue x channel), so a changed leg costs one subtract and one add, and a window is the
 * sum of its minutes (15 or 60 adds). Waiting legs also sit in a per-key set (count and oldest), and the
 * clock only matters to them: `tick` refolds the few that just passed T.
 */

export const keyOf = (queueId: string | null, channel: Channel): string => `${queueId ?? ''}|${channel}`;
export function splitKey(key: string): { queueId: string | null; channel: Channel } {
  const bar = key.lastIndexOf('|');
  const q = key.slice(0, bar);
  return { queueId: q === '' ? null : q, channel: key.slice(bar + 1) as Channel };
}

const MINUTE_US = 60_000_000;

export class LiveState {
  private readonly contacts = new Map<string, Contact>();
  /** Waiting legs: whether the vector folded for them counted them as still inside T. */
  private readonly foldedWithinT = new Map<string, boolean>();
  private readonly openByConversation = new Map<string, string>();
  private readonly conversationsWithLegs = new Set<string>();
  private readonly latestByCall = new Map<string, string>();
  private readonly minutes = new Map<string, Map<number, Sums>>();
  private readonly totals = new Map<string, Sums>();
  private readonly waiting = new Map<string, Set<string>>();
  private readonly byAgent = new Map<string, Set<string>>();

  constructor(
    private readonly rulesFor: (queueId: string | null, channel: Channel) => Rules,
    public dayStartUs: number,
  ) {}

  get size(): number {
    return this.contacts.size;
  }
  get(id: string): Contact | undefined {
    return this.contacts.get(id);
  }
  openLegOf(conversationId: string): Contact | null {
    const id = this.openByConversation.get(conversationId);
    return id ? (this.contacts.get(id) ?? null) : null;
  }
  hadLegs(conversationId: string): boolean {
    return this.conversationsWithLegs.has(conversationId);
  }
  latestCallLeg(callSid: string): Contact | null {
    const id = this.latestByCall.get(callSid);
    return id ? (this.contacts.get(id) ?? null) : null;
  }

  /** Folds a leg (new or changed). Idempotent: a version already held (or older) changes nothing. Returns whether it changed. */
  apply(c: Contact, nowUs: number): boolean {
    const old = this.contacts.get(c.id);
    if (old && old.version >= c.version) return false;
    if (old) this.unfold(old);
    this.contacts.set(c.id, c);
    this.fold(c, nowUs);
    return true;
  }

  /** Waiting legs that passed T since they were folded: refolded. Returns the keys that changed. */
  tick(nowUs: number): Set<string> {
    const changed = new Set<string>();
    for (const [id, within] of this.foldedWithinT) {
      if (!within) continue;
      const c = this.contacts.get(id)!;
      if ((nowUs - c.arrivedUs) / 1e6 <= this.rulesFor(c.queueId, c.channel).thresholdSec) continue;
      this.unfold(c);
      this.fold(c, nowUs);
      changed.add(keyOf(c.queueId, c.channel));
    }
    return changed;
  }

  /** Rules (T, short-abandon seconds) changed: every vector again. */
  refoldAll(nowUs: number): void {
    this.minutes.clear();
    this.totals.clear();
    for (const c of this.contacts.values()) {
      this.foldedWithinT.delete(c.id);
      this.addVector(c, nowUs);
    }
  }

  /** A new local day: legs over before it are dropped; legs still running stay (counted live, not in today's sums). */
  rollDay(dayStartUs: number, nowUs: number): void {
    this.dayStartUs = dayStartUs;
    for (const c of [...this.contacts.values()]) {
      if (c.endedUs !== null && c.endedUs < dayStartUs) {
        this.unfold(c);
        this.contacts.delete(c.id);
        if (c.conversationId) this.conversationsWithLegs.delete(c.conversationId);
      }
    }
    this.refoldAll(nowUs);
  }

  keys(): string[] {
    return [...new Set([...this.totals.keys(), ...this.waiting.keys()])];
  }

  /** Summed vector of one key over [fromUs, nowUs] by arrival minute; `null` from = the whole day. */
  window(key: string, fromUs: number | null, nowUs: number): Sums {
    if (fromUs === null) return { ...(this.totals.get(key) ?? zeroSums()) };
    const out = zeroSums();
    const mins = this.minutes.get(key);
    if (!mins) return out;
    const first = Math.max(0, Math.floor((fromUs - this.dayStartUs) / MINUTE_US));
    const last = Math.floor((nowUs - this.dayStartUs) / MINUTE_US);
    for (let m = first; m <= last; m++) {
      const s = mins.get(m);
      if (s) addSums(out, s);
    }
    return out;
  }

  /** Waiting now in this key (whenever they arrived) and the oldest arrival. */
  waitingOf(key: string): { count: number; oldestUs: number | null } {
    const set = this.waiting.get(key);
    if (!set || set.size === 0) return { count: 0, oldestUs: null };
    let oldest = Infinity;
    for (const id of set) oldest = Math.min(oldest, this.contacts.get(id)!.arrivedUs);
    return { count: set.size, oldestUs: oldest };
  }

  /** Legs of one key (drill-down), arrival order. */
  legsOf(key: string, pick: (c: Contact) => boolean): Contact[] {
    const out: Contact[] = [];
    for (const c of this.contacts.values()) if (keyOf(c.queueId, c.channel) === key && pick(c)) out.push(c);
    return out.sort((a, b) => a.arrivedUs - b.arrivedUs);
  }

  legsOfAgent(agentId: string): Contact[] {
    return [...(this.byAgent.get(agentId) ?? [])].map((id) => this.contacts.get(id)!).filter(Boolean);
  }

  private fold(c: Contact, nowUs: number): void {
    this.addVector(c, nowUs);
    const key = keyOf(c.queueId, c.channel);
    if (c.outcome === 'waiting') setOf(this.waiting, key).add(c.id);
    if (c.conversationId) {
      this.conversationsWithLegs.add(c.conversationId);
      if (c.endedUs === null && c.outcome !== 'transferred') this.openByConversation.set(c.conversationId, c.id);
    }
    if (c.callSid) {
      const prev = this.latestByCall.get(c.callSid);
      if (!prev || (this.contacts.get(prev)?.arrivedUs ?? 0) <= c.arrivedUs) this.latestByCall.set(c.callSid, c.id);
    }
    if (c.agentId) setOf(this.byAgent, c.agentId).add(c.id);
  }

  private unfold(c: Contact): void {
    const key = keyOf(c.queueId, c.channel);
    const within = this.foldedWithinT.get(c.id);
    const rules = this.rulesFor(c.queueId, c.channel);
    // Rebuild the exact vector folded before: for a waiting leg, with the within-T flag it was folded with.
    const v = contribution(c, rules, 0);
    if (c.outcome === 'waiting') v.waitingWithinT = within ? 1 : 0;
    this.addAt(key, c.arrivedUs, v, -1);
    this.foldedWithinT.delete(c.id);
    this.waiting.get(key)?.delete(c.id);
    if (c.conversationId && this.openByConversation.get(c.conversationId) === c.id) this.openByConversation.delete(c.conversationId);
    if (c.agentId) this.byAgent.get(c.agentId)?.delete(c.id);
  }

  private addVector(c: Contact, nowUs: number): void {
    const v = contribution(c, this.rulesFor(c.queueId, c.channel), nowUs);
    if (c.outcome === 'waiting') this.foldedWithinT.set(c.id, v.waitingWithinT === 1);
    this.addAt(keyOf(c.queueId, c.channel), c.arrivedUs, v, 1);
  }

  private addAt(key: string, arrivedUs: number, v: Sums, sign: number): void {
    if (arrivedUs < this.dayStartUs) return; // before today: counted live (waiting), not in today's sums
    const minute = Math.floor((arrivedUs - this.dayStartUs) / MINUTE_US);
    let mins = this.minutes.get(key);
    if (!mins) this.minutes.set(key, (mins = new Map()));
    let bucket = mins.get(minute);
    if (!bucket) mins.set(minute, (bucket = zeroSums()));
    addSums(bucket, v, sign);
    let total = this.totals.get(key);
    if (!total) this.totals.set(key, (total = zeroSums()));
    addSums(total, v, sign);
  }
}

function setOf<K, V>(m: Map<K, Set<V>>, k: K): Set<V> {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  return s;
}
