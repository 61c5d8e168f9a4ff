import { sql, type Transaction } from 'kysely';
import type { Dialect, Schema } from '../storage/schema.js';

/** Same advisory key as ingest (server/ingest/write-batch.ts): merges, undos and ingest batches serialize across hub processes. */
const PG_WRITE_LOCK = 0x6f6d6e69;

export async function lockForIdentityWrite(tx: Transaction<Schema>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${PG_WRITE_LOCK})`.execute(tx);
}
