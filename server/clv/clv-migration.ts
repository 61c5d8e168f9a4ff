import type { Kysely } from 'kysely';

/*
 * Migration 0010 (issue 14): fitted value-model parameters, and per customer the purchase summary the
 * models score from (kept current on each purchase; rebuilt from the timeline at each fit).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function upClv(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('clv_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fitted_at_us', 'bigint', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('purchasing_customers', 'integer', (c) => c.notNull())
    .addColumn('repeat_customers', 'integer', (c) => c.notNull())
    .addColumn('purchases', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('log_likelihood', 'double precision')
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('value_quantiles', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clv_models_fitted').on('clv_models').column('fitted_at_us desc').execute();
  await db.schema
    .createTable('customer_values')
    .addColumn('customer_id', 'text', (c) => c.primaryKey())
    .addColumn('first_purchase_us', 'bigint', (c) => c.notNull())
    .addColumn('last_purchase_us', 'bigint', (c) => c.notNull())
    .addColumn('occasions', 'integer', (c) => c.notNull())
    .addColumn('repeat_spend', 'double precision', (c) => c.notNull())
    .addColumn('total_spend', 'double precision', (c) => c.notNull())
    .addColumn('months', 'text', (c) => c.notNull())
    .addColumn('acquisition_channel', 'text', (c) => c.notNull())
    .addColumn('acquisition_source', 'text', (c) => c.notNull())
    .addColumn('value_12m', 'double precision', (c) => c.notNull())
    .addColumn('p_alive', 'double precision', (c) => c.notNull())
    .addColumn('scored_at_us', 'bigint', (c) => c.notNull())
    .execute();
  // The at-risk list: highest expected value first.
  await db.schema.createIndex('customer_values_value').on('customer_values').column('value_12m desc').execute();
}

export async function downClv(db: AnyDb): Promise<void> {
  await db.schema.dropTable('customer_values').ifExists().execute();
  await db.schema.dropTable('clv_models').ifExists().execute();
}
