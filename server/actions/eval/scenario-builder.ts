import type { Channel, CustomerStats, TimelineItem } from '../../../shared/index.js';

/*
 * Tiny builder for hand-made customer histories (unit tests of features and ranking; the eval
 * plays its scenarios through the connectors instead, see persona.ts): events are placed
 * relative to a fixed "now", ids are readable (`s3-e2`) so reasons can be checked by eye.
 */

export const EVAL_NOW = new Date('2025-06-01T12:00:00Z');
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export type HistoryStats = Pick<CustomerStats, 'lifetimeSpend' | 'orderCount' | 'firstSeenAt'>;

export class History {
  readonly items: TimelineItem[] = [];
  private n = 0;
  constructor(
    private readonly prefix: string,
    private readonly now = EVAL_NOW,
  ) {}

  /** Adds one event `agoMs` before now; returns its id. */
  add(channel: Channel, type: string, agoMs: number, data: Record<string, unknown> = {}, summary: string | null = null): string {
    const id = `${this.prefix}-e${++this.n}`;
    this.items.push({
      id,
      customerId: `cus_${this.prefix}`,
      channel,
      type,
      occurredAt: new Date(this.now.getTime() - agoMs).toISOString(),
      summary,
      source: 'eval',
      sourceEventId: id,
      data,
      seq: this.n,
    });
    return id;
  }

  call(agoMs: number, summary: string, outcome = 'answered'): string {
    return this.add('phone', outcome === 'answered' ? 'call.completed' : `call.${outcome}`, agoMs, { direction: 'inbound', outcome, durationSec: outcome === 'answered' ? 240 : 0 }, summary);
  }
  emailIn(agoMs: number, text: string): string {
    return this.add('email', 'email.received', agoMs, { direction: 'inbound', subject: text.slice(0, 40), text }, text.slice(0, 80));
  }
  emailOut(agoMs: number, text: string): string {
    return this.add('email', 'email.sent', agoMs, { direction: 'outbound', text }, text.slice(0, 80));
  }
  smsIn(agoMs: number, body: string): string {
    return this.add('sms', 'sms.received', agoMs, { direction: 'inbound', body }, body);
  }
  chat(agoMs: number, customerSays: string[], status = 'resolved'): string {
    const messages = customerSays.flatMap((t) => [
      { author: 'Customer', role: 'customer', text: t },
      { author: 'Agent', role: 'agent', text: 'Thanks, let me check.' },
    ]);
    return this.add('chat', 'chat.closed', agoMs, { status, messages }, 'Chat');
  }
  order(agoMs: number, total: number, opts: { discount?: number; order?: string; title?: string } = {}): string {
    return this.add(
      'purchase',
      'order.created',
      agoMs,
      { orderNumber: opts.order ?? `#${agoMs}`, currency: 'USD', total, discount: opts.discount ?? 0, lines: [{ title: opts.title ?? 'Trail runner shoes', quantity: 1, unitPrice: total }] },
      `Order ${opts.order ?? ''}`,
    );
  }
  storeVisit(agoMs: number, storeId = 'SF-UNION', type = 'store.visit'): string {
    return this.add('store', type, agoMs, { storeId, storeName: storeId === 'SF-UNION' ? 'San Francisco – Union Square' : storeId, visitType: 'visit' }, `Visit at ${storeId}`);
  }
}

export function stats(lifetime: number, orderCount: number, firstSeenDaysAgo = 400): HistoryStats {
  return {
    lifetimeSpend: lifetime > 0 ? [{ currency: 'USD', amount: lifetime }] : [],
    orderCount,
    firstSeenAt: new Date(EVAL_NOW.getTime() - firstSeenDaysAgo * DAY).toISOString(),
  };
}
