import type { ReplyChannel } from '../../shared/index.js';
import { nowMicros } from '../storage/batch.js';
import type { Dialect } from '../storage/schema.js';
import { claimDue, finishLeasedMany, toJob } from './outbox-store.js';
import { SendError, type OutboundSender } from './sender.js';
import type { OutboundSettings } from './settings.js';
import type { OutboxTable, OutDb } from './tables.js';

export interface OutboxWorkerOptions {
  db: OutDb;
  dialect: Dialect;
  senders: ReadonlyMap<ReplyChannel, OutboundSender>;
  settings: OutboundSettings['worker'];
  /** This hub's lease name. */
  owner: string;
  /**
   * Rows reached a new state (sent, queued for a retry, failed): tell the composer. Single flight: ids that
   * settle while a call is still running are gathered into the next call (one timeline write for many mails).
   */
  onSettled?(outboxIds: string[]): void | Promise<void>;
  onError?(err: unknown): void;
  now?: () => number;
}

/** A sender for a channel another module owns (the web chat widget): it states its own timeline, so onSettled skips its rows. */
export type ExtraSender = Omit<OutboundSender, 'channel'> & { readonly channel: string };

/** Delay before attempt n+1: base * 2^(n-1), capped, with up to 20% jitter so hubs do not retry in step. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (1 + 0.2 * random()));
}

/** How long settled rows gather before their timeline items are re-stated (the bubble's queued -> sent). */
const REPORT_WINDOW_MS = 250;
/**
 * Finished rows gather up to this long, or until FINISH_GROUP of them wait, before their states are committed
 * together. Each commit is an fsync (SQLite FULL, and better-sqlite3 runs it on the event loop, stalling every
 * SMTP socket meanwhile): at 25 ms the bench drain paid ~9 commits/s of a few rows each. The mails are already
 * at the server; the window only delays their `sent` state (and a hub that dies within it re-sends them with
 * the same Message-ID, like any crash mid-send).
 */
const FINISH_WINDOW_MS = 100;
const FINISH_GROUP = 100;

interface Finished {
  row: OutboxTable;
  set: Partial<OutboxTable>;
  resolve(ok: boolean): void;
  reject(err: unknown): void;
}

/**
 * Delivers outbox rows: claims due rows under a lease, sends each through its channel's sender (at most
 * `concurrency` at once), then marks it sent, or queued again with exponential backoff, or failed for good.
 * A crash leaves rows `sending` until the lease runs out; then any hub retries them (email keeps its
 * Message-ID, Twilio its idempotency token).
 *
 * Throughput (bench/outbox-bench.ts): the claim is refilled while sends are still running (the pipeline never
 * drains to zero between claims), and finished rows are written by group commit — every row that finished
 * while the previous commit was running goes into the next transaction — so a durable commit (an fsync on
 * SQLite FULL) is shared by many mails instead of paid per mail. Each row keeps its own lease check.
 */
export class OutboxWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  /** Rows claimed and not yet sent (sending or waiting for a lane): what a claim's room is measured by. */
  private inflight = 0;
  /** Rows claimed whose state is not written yet (inflight, plus sent rows waiting for their group commit). */
  private unfinished = 0;
  /** Cuts the finish window short once a full group waits. */
  private finishFull: (() => void) | null = null;
  private waitingForRoom = false;
  private readonly lanes: (() => Promise<void>)[] = [];
  private activeLanes = 0;
  private readonly finishQueue: Finished[] = [];
  private flushing: Promise<void> | null = null;
  private readonly drained: (() => void)[] = [];
  private settledIds: string[] = [];
  private reporting: Promise<void> | null = null;
  private readonly extra = new Map<string, ExtraSender>();
  private readonly nowUs: () => number;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.nowUs = o.now ? () => o.now!() * 1000 : nowMicros;
  }

  /** The lease name rows adopted by this worker carry (see adopt). */
  get owner(): string {
    return this.o.owner;
  }

  /** Running here: a row leased to `owner` at write time will be sent by adopt(). */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * A row its writer committed already leased to this worker (status `sending`, lease_owner = owner): sent now,
   * without waiting for a claim (one commit less between compose and send). If this hub dies first, the lease
   * runs out and any hub's claim sends it, like any crashed send.
   */
  adopt(row: OutboxTable): void {
    void this.schedule(row).catch((err) => this.o.onError?.(err));
  }

  /** Another module's channel (rows whose `channel` is this sender's). */
  addSender(sender: ExtraSender): void {
    this.extra.set(sender.channel, sender);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    this.finishFull?.();
    await this.loop;
    this.loop = null;
    if (this.unfinished > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    // The last states and their timeline writes land before the database closes.
    await this.flushing;
    await this.reporting;
  }

  /** Resolves once every row claimed here has its state written and the pending timeline re-statements are done. */
  async settle(): Promise<void> {
    if (this.unfinished > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    while (this.flushing || this.reporting) await Promise.all([this.flushing, this.reporting]);
  }

  /** New rows committed here: look now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    this.signal();
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async run(): Promise<void> {
    const s = this.o.settings;
    while (this.running) {
      const room = s.batch - this.inflight;
      // Refill once half the batch is done: the next claim overlaps the sends still running.
      if (room * 2 >= s.batch) {
        let claimed = 0;
        try {
          claimed = await this.claimAndStart(room);
        } catch (err) {
          this.o.onError?.(err);
        }
        if (!this.running) break;
        if (claimed > 0 && claimed >= room) {
          this.waitingForRoom = true; // more may be due: come back as soon as there is room
          await this.idle(s.pollMs);
          continue;
        }
      } else this.waitingForRoom = true;
      if (this.kicked) {
        this.kicked = false;
        if (!this.waitingForRoom) continue;
      }
      await this.idle(s.pollMs);
      this.kicked = false;
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** One claim and its sends, awaited (tests, and hubs driving the worker by hand); returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim(this.o.settings.batch);
    await Promise.all(rows.map((r) => this.schedule(r)));
    return rows.length;
  }

  private async claimAndStart(limit: number): Promise<number> {
    const rows = await this.claim(limit);
    for (const r of rows) void this.schedule(r).catch((err) => this.o.onError?.(err));
    return rows.length;
  }

  private claim(limit: number): Promise<OutboxTable[]> {
    const s = this.o.settings;
    return claimDue(this.o.db, this.o.dialect, this.o.owner, this.nowUs(), s.leaseMs * 1000, limit);
  }

  /** Runs the row's send in a lane (at most `concurrency` at once), then its finish; resolves when its state is written. */
  private schedule(row: OutboxTable): Promise<void> {
    this.inflight++;
    this.unfinished++;
    return new Promise<void>((resolve, reject) => {
      this.lanes.push(async () => {
        let sent = false;
        try {
          const set = await this.send(row);
          this.activeLanes--;
          this.nextLane();
          sent = true;
          this.sentOne();
          await this.finish(row, set);
          resolve();
        } catch (err) {
          reject(err);
        } finally {
          if (!sent) this.sentOne();
          this.finishedOne();
        }
      });
      this.nextLane();
    });
  }

  private nextLane(): void {
    while (this.activeLanes < Math.max(1, this.o.settings.concurrency) && this.lanes.length > 0) {
      this.activeLanes++;
      void this.lanes.shift()!();
    }
  }

  /** A row's send is over: its place in the claim is free (its state may still wait for the group commit). */
  private sentOne(): void {
    this.inflight--;
    if (this.waitingForRoom && this.inflight * 2 <= this.o.settings.batch) {
      this.waitingForRoom = false;
      this.signal();
    }
  }

  private finishedOne(): void {
    this.unfinished--;
    if (this.unfinished === 0) for (const d of this.drained.splice(0)) d();
  }

  /** The row's next state after one attempt; never throws. */
  private async send(row: OutboxTable): Promise<Partial<OutboxTable>> {
    const sender = this.o.senders.get(row.channel as ReplyChannel) ?? this.extra.get(row.channel);
    const s = this.o.settings;
    try {
      if (!sender) throw new SendError(`no ${row.channel} sender is configured on this hub`, false, 'not_configured');
      const out = await sender.send(toJob(row));
      return { status: 'sent', provider_id: out.providerId, provider_status: out.providerStatus, error_code: null, error_text: null };
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), false, null);
      const last = e.permanent || row.attempts >= row.max_attempts;
      return last
        ? { status: 'failed', error_code: e.code, error_text: e.message.slice(0, 1000) }
        : { status: 'queued', error_code: e.code, error_text: e.message.slice(0, 1000), next_attempt_us: this.nowUs() + backoffMs(row.attempts, s.backoffBaseMs, s.backoffMaxMs) * 1000 };
    }
  }

  /** Group commit of finished rows: joins the next transaction, written as soon as the one running commits. */
  private finish(row: OutboxTable, set: Partial<OutboxTable>): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.finishQueue.push({ row, set: { ...set, lease_owner: null, lease_until_us: null, updated_at_us: this.nowUs() }, resolve, reject });
      if (this.finishQueue.length >= FINISH_GROUP) this.finishFull?.();
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.finishQueue.length > 0) {
      // SQLite commits synchronously (better-sqlite3): an fsync stalls every socket of this process, so rows
      // gather and share one; at a few hundred mails/s that is tens of rows per commit. A stopping worker
      // does not wait out the window.
      if (this.finishQueue.length < FINISH_GROUP && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, FINISH_WINDOW_MS);
          this.finishFull = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.finishFull = null;
      }
      const group = this.finishQueue.splice(0, 500);
      try {
        const ok = await finishLeasedMany(this.o.db, this.o.owner, group.map((g) => ({ id: g.row.id, set: g.set })));
        const settled = group.filter((g, i) => ok[i] && !this.extra.has(g.row.channel)).map((g) => g.row.id);
        group.forEach((g, i) => g.resolve(ok[i]!));
        if (settled.length > 0) this.report(settled);
      } catch (err) {
        // The rows stay `sending` under our lease: it runs out and any hub sends them again (same Message-ID).
        for (const g of group) g.reject(err);
      }
    }
    this.flushing = null;
  }

  private report(ids: string[]): void {
    if (!this.o.onSettled) return;
    this.settledIds.push(...ids);
    if (this.reporting) return;
    this.reporting = (async () => {
      while (this.settledIds.length > 0) {
        // A short gathering window: a timeline write per mail was most of the worker's cost at a few hundred mails/s.
        await new Promise((r) => setTimeout(r, REPORT_WINDOW_MS));
        const batch = this.settledIds.splice(0, 500);
        try {
          await this.o.onSettled!(batch);
        } catch (err) {
          this.o.onError?.(err);
        }
      }
      this.reporting = null;
    })();
  }
}
