import type { Actor } from '../../shared/index.js';
import type { HeldDeliveries, HeldDelivery } from '../domain.js';
import { nowMicros } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';

/**
 * Deliveries that arrived before what they attach to (senders such as Shopify do not guarantee
 * order): answered 202 and kept here, then applied by the connector when the anchor arrives.
 */
export class SqlHeldDeliveries implements HeldDeliveries {
  constructor(private readonly db: Db) {}

  async hold(actor: Actor, connector: string, h: HeldDelivery): Promise<void> {
    await this.db
      .insertInto('held_deliveries')
      .values({ connector, hold_key: h.holdKey, delivery_key: h.deliveryKey, topic: h.topic, body: h.body, received_at: h.receivedAt, held_at_us: nowMicros() })
      .onConflict((oc) => oc.columns(['connector', 'hold_key', 'delivery_key']).doNothing())
      .execute();
  }

  async list(actor: Actor, connector: string, holdKey: string): Promise<HeldDelivery[]> {
    const rows = await this.db
      .selectFrom('held_deliveries')
      .select(['hold_key', 'delivery_key', 'topic', 'body', 'received_at'])
      .where('connector', '=', connector)
      .where('hold_key', '=', holdKey)
      .orderBy('held_at_us')
      .orderBy('delivery_key')
      .execute();
    return rows.map((r) => ({ holdKey: r.hold_key, deliveryKey: r.delivery_key, topic: r.topic, body: r.body, receivedAt: r.received_at }));
  }

  async release(actor: Actor, connector: string, holdKey: string, deliveryKeys: readonly string[]): Promise<void> {
    if (deliveryKeys.length === 0) return;
    await this.db.deleteFrom('held_deliveries').where('connector', '=', connector).where('hold_key', '=', holdKey).where('delivery_key', 'in', [...deliveryKeys]).execute();
  }
}
