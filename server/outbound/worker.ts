import type { ReplyChannel } from '../../shared/index.js';
import { nowMicros } from '../storage/batch.js';
import type { Dialect } from '../storage/schema.js';
import { claimDue, finishLeased, toJob } from './outbox-store.js';
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
  /** Rows of one claim reached a new state (sent, queued for a retry, failed): tell the composer (one call per claim). */
  onSettled?(outboxIds: string[]): void;
  onError?(err: unknown): void;
  now?: () => number;
}

/** Delay before attempt n+1: base * 2^(n-1), capped, with up to 20% jitter so hubs do not retry in step. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (1 + 0.2 * random()));
}

/**
 * Delivers outbox rows: claims a batch under a lease, sends each through its channel's sender, then marks it
 * sent, or queued again with exponential backoff, or failed for good. A crash leaves rows `sending` until the
 * lease runs out; then any hub retries them (email keeps its Message-ID, Twilio its idempotency token).
 */
export class OutboxWorker {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private kicked = false;
  private readonly nowUs: () => number;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.nowUs = o.now ? () => o.now!() * 1000 : nowMicros;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    this.loop = null;
  }

  /** New rows committed here: look now rather than at the next poll. */
  kick(): void {
    this.kicked = true;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        claimed = await this.runOnce();
      } catch (err) {
        this.o.onError?.(err);
      }
      if (!this.running) break;
      if (claimed >= this.o.settings.batch) continue; // more may be due
      if (this.kicked) {
        this.kicked = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.o.settings.pollMs);
        timer.unref?.();
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.kicked = false;
    }
  }

  /** One claim and its sends; returns how many rows were claimed. */
  async runOnce(): Promise<number> {
    const s = this.o.settings;
    const rows = await claimDue(this.o.db, this.o.dialect, this.o.owner, this.nowUs(), s.leaseMs * 1000, s.batch);
    let next = 0;
    const settled: string[] = [];
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        if (await this.deliver(row)) settled.push(row.id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(s.concurrency, rows.length) }, lane));
    if (settled.length > 0) this.o.onSettled?.(settled);
    return rows.length;
  }

  private async deliver(row: OutboxTable): Promise<boolean> {
    const sender = this.o.senders.get(row.channel as ReplyChannel);
    const s = this.o.settings;
    let set: Partial<OutboxTable>;
    try {
      if (!sender) throw new SendError(`no ${row.channel} sender is configured on this hub`, false, 'not_configured');
      const out = await sender.send(toJob(row));
      set = { status: 'sent', provider_id: out.providerId, provider_status: out.providerStatus, error_code: null, error_text: null };
    } catch (err) {
      const e = err instanceof SendError ? err : new SendError(String((err as Error)?.message ?? err), false, null);
      const last = e.permanent || row.attempts >= row.max_attempts;
      set = last
        ? { status: 'failed', error_code: e.code, error_text: e.message.slice(0, 1000) }
        : { status: 'queued', error_code: e.code, error_text: e.message.slice(0, 1000), next_attempt_us: this.nowUs() + backoffMs(row.attempts, s.backoffBaseMs, s.backoffMaxMs) * 1000 };
    }
    return finishLeased(this.o.db, row.id, this.o.owner, { ...set, lease_owner: null, lease_until_us: null, updated_at_us: this.nowUs() });
  }
}
