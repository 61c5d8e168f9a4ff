import type { WriteGate } from './database-handle.js';

/**
 * A tiny FIFO async mutex: serializes the hub's write transactions within one process.
 * With a write gate (SQLite), each holder first waits until the WAL may grow again.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly gate?: Pick<WriteGate, 'beforeWrite'>) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((r) => (release = r));
    await prev;
    try {
      if (this.gate) await this.gate.beforeWrite();
      return await fn();
    } finally {
      release();
    }
  }
}
