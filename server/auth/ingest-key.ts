import { createHash, timingSafeEqual } from 'node:crypto';
import type { Db } from '../storage/schema.js';

export const INGEST_KEY_SETTING = 'ingest_key';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * The key connectors and `POST /api/v1/events` present: stored in settings, checked from memory
 * (the check is synchronous and runs before a body is read), compared as fixed-length digests.
 */
export class IngestKey {
  private digest: Buffer | null = null;

  constructor(private readonly db: Db) {}

  check(key: string): boolean {
    if (!this.digest || typeof key !== 'string' || key === '') return false;
    // Compare fixed-length digests: constant time regardless of the key's length.
    return timingSafeEqual(sha256(key), this.digest);
  }

  async stored(): Promise<string | null> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', INGEST_KEY_SETTING).executeTakeFirst();
    return row?.value ?? null;
  }

  async set(key: string): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key: INGEST_KEY_SETTING, value: key })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: key }))
      .execute();
    this.use(key);
  }

  use(key: string | null): void {
    this.digest = key ? sha256(key) : null;
  }
}
