/**
 * Disk budget for dead letters from senders that proved nothing (a signature connector's delivery
 * whose signature did not verify): anyone can post those, so their bodies are kept only up to a
 * rate and a total per connector. Beyond it the record is still kept, without the body.
 * Counters live in the hub process (seeded from the database on first use), so with several hub
 * processes each has its own allowance.
 */
export interface DeadLetterBudgetLimits {
  /** Bodies kept per connector in any rolling hour. */
  perHour: number;
  /** Body bytes kept per connector in total (all stored bodies of that connector count). */
  maxBytes: number;
}

export const DEFAULT_DEAD_LETTER_BUDGET: DeadLetterBudgetLimits = { perHour: 100, maxBytes: 32 * 1024 * 1024 };

const HOUR_MS = 3_600_000;

interface State {
  /** Times (ms) bodies were kept within the last hour, oldest first. */
  recent: number[];
  bytes: number;
}

/** Rolling-hour count + byte total per connector. `admit` reserves the allowance when it says yes. */
export class DeadLetterBudget {
  private readonly states = new Map<string, State>();

  constructor(readonly limits: DeadLetterBudgetLimits = DEFAULT_DEAD_LETTER_BUDGET) {}

  /** Whether the connector's state is known (else call `seed` with what the database holds). */
  has(connector: string): boolean {
    return this.states.has(connector);
  }

  seed(connector: string, keptAtMs: readonly number[], bytes: number): void {
    this.states.set(connector, { recent: [...keptAtMs].sort((a, b) => a - b), bytes });
  }

  /** True (and counted) when a body of `bytes` may be kept now; false when over either limit. */
  admit(connector: string, bytes: number, nowMs: number): boolean {
    const s = this.states.get(connector) ?? { recent: [], bytes: 0 };
    this.states.set(connector, s);
    while (s.recent.length > 0 && s.recent[0]! <= nowMs - HOUR_MS) s.recent.shift();
    if (s.recent.length >= this.limits.perHour || s.bytes + bytes > this.limits.maxBytes) return false;
    s.recent.push(nowMs);
    s.bytes += bytes;
    return true;
  }

  describe(): string {
    return `${this.limits.perHour} bodies per connector per rolling hour, ${Math.round(this.limits.maxBytes / 1024)} KiB per connector in total`;
  }
}
