import { nowMicros } from '../storage/batch.js';
import type { WidgetDb } from './tables.js';

/** How long a pushed reply may wait for another write to carry its `sent` state before it gets a commit of its own. */
const QUIET_MS = 200;

/**
 * Agent replies the hub pushed to the widget right after their commit (the row committed `sending`, leased to
 * this hub's worker). Their `sent` state is not worth an fsync of its own: it rides along in the next ingest
 * transaction (writeIn, an ingest write hook), or, on a quiet hub, is written alone after QUIET_MS. Until then the
 * lease stands for it: if this hub dies first, the lease runs out and any hub's worker pushes the row again
 * (the page drops a seq it already shows), so a reply is never lost.
 */
export class PushedReplies {
  private readonly waiting = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: { db: WidgetDb; owner: () => string; onError: (err: unknown) => void }) {}

  add(outboxId: string): void {
    if (this.closed) return;
    this.waiting.add(outboxId);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, QUIET_MS);
      this.timer.unref?.();
    }
  }

  /** Writes the waiting states in `tx` (the caller's transaction); returns what to run once it committed. */
  async writeIn(tx: WidgetDb): Promise<(() => void) | void> {
    if (this.waiting.size === 0) return;
    const ids = [...this.waiting];
    await this.markSent(tx, ids);
    return () => this.done(ids);
  }

  /** Writes whatever still waits, in a commit of its own (quiet hub, shutdown, the bench between rounds). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.waiting.size === 0) return;
    const ids = [...this.waiting];
    this.flushing = this.markSent(this.o.db, ids).then(
      () => this.done(ids),
      (err: unknown) => this.o.onError(err),
    );
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private done(ids: readonly string[]): void {
    for (const id of ids) this.waiting.delete(id);
    if (this.waiting.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Only rows still ours and still `sending` (a hub that lost the lease writes nothing; a second write finds none). */
  private async markSent(db: WidgetDb, ids: readonly string[]): Promise<void> {
    await db
      .updateTable('outbox_messages')
      .set({ status: 'sent', provider_status: 'pushed', lease_owner: null, lease_until_us: null, error_code: null, error_text: null, updated_at_us: nowMicros() })
      .where('id', 'in', ids)
      .where('status', '=', 'sending')
      .where('lease_owner', '=', this.o.owner())
      .execute();
  }
}
