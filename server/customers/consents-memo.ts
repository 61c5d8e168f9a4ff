import type { ChannelConsent } from '../../shared/index.js';
import type { Db } from '../storage/schema.js';

/*
 * A customer's consents are read from ALL its events (server/privacy consentsOf: thousands of rows for a heavy
 * customer, scattered over the table). Opening a customer reads them twice in a row (the profile, then next
 * actions, which reads the profile), and an open profile is read again on every live update. This keeps the
 * answer per customer, keyed by the customer's version: its event count (merges and undos move events), its
 * newest event seq (new and re-stamped events get a new seq) and its display name (an erasure renames it).
 * The version is one index-only read. The TTL bounds what a change the version misses could leave stale.
 */

const TTL_MS = 10_000;
const MAX_ENTRIES = 1_000;

interface Entry {
  version: string;
  at: number;
  consents: ChannelConsent[];
}

export class ConsentsMemo {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /** The consents of a survivor: `load`'s answer for the same version, else `load` again. */
  async get(survivorId: string, load: (survivorId: string) => Promise<ChannelConsent[]>): Promise<ChannelConsent[]> {
    const version = await this.version(survivorId);
    const hit = this.entries.get(survivorId);
    if (hit && hit.version === version && this.now() - hit.at < TTL_MS) return hit.consents;
    // Read after the version: a write landing in between makes the entry newer than its key (a miss later), never older.
    const consents = await load(survivorId);
    this.entries.delete(survivorId);
    this.entries.set(survivorId, { version, at: this.now(), consents });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return consents;
  }

  private async version(id: string): Promise<string> {
    const row = await this.db
      .selectFrom('customers')
      .select((eb) => ['event_count', 'display_name', eb.selectFrom('events').select((e) => e.fn.max('seq').as('m')).where('customer_id', '=', id).as('max_seq')])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? JSON.stringify([Number(row.event_count), row.max_seq === null ? null : Number(row.max_seq), row.display_name]) : 'missing';
  }
}
