import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { systemActor, type IngestEvent } from '../../shared/index.js';
import { testDialects } from '../storage/test-database.js';
import { openTestDomain } from '../storage/test-domain.js';
import { upConsentSignals } from './consent-signals-migration.js';
import { privacyOf } from './port.js';

/* Migration 0046 on a database from before it: consent_signals is backfilled from the stored events. */

describe.each(testDialects())('consent signals migration on %s', (dialect) => {
  it('is registered as 0046 and backfills the signals the events carry', async () => {
    const { domain } = await openTestDomain(dialect);
    const db = domain.database.db;
    try {
      const names = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
      expect(names).toContain('0046_privacy_consent_signals');
      const at = (d: number) => new Date(Date.UTC(2024, 0, d)).toISOString();
      const ev = (id: string, email: string, channel: IngestEvent['channel'], type: string, d: number, data: Record<string, unknown> = {}): IngestEvent => ({ source: 'shopify', sourceEventId: id, channel, type, occurredAt: at(d), customer: { email }, data });
      const out = await domain.ingest.ingest(systemActor('test'), [
        ev('1', 'a@x.com', 'purchase', 'order', 1, { orderNumber: 'A1', total: 10, marketingConsent: { email: 'granted', sms: 'denied' } }),
        ev('2', 'a@x.com', 'sms', 'sms.received', 2, { direction: 'inbound', body: 'start' }),
        ev('3', 'a@x.com', 'sms', 'sms.received', 3, { direction: 'inbound', body: 'Where is my parcel?' }),
        ev('4', 'b@x.com', 'email', 'email.unsubscribed', 4),
        ev('5', 'b@x.com', 'web', 'account.created', 5, { marketingOptIn: true }),
      ]);
      const [a, b] = [out.results[0]!.customerId, out.results[3]!.customerId];
      const privacy = privacyOf(domain);
      const before = { a: await privacy.consentsOf(a), b: await privacy.consentsOf(b) };
      expect(before.a.map((c) => c.state)).toEqual(['granted', 'granted']);
      expect(before.a[1]!.source!.description).toBe('Text message from the customer: replied "START"');
      expect(before.b.map((c) => c.state)).toEqual(['granted', 'unknown']); // the later account's opt-in wins; the unsubscribe is email's only
      const rows = await sql`select * from consent_signals order by event_id, consent_channel`.execute(db);

      // As a database from before 0046: no consent_signals. (The migration's own step: later migrations are recorded.)
      await sql`drop table consent_signals`.execute(db);
      await upConsentSignals(db);

      expect((await sql`select * from consent_signals order by event_id, consent_channel`.execute(db)).rows).toEqual(rows.rows);
      expect({ a: await privacy.consentsOf(a), b: await privacy.consentsOf(b) }).toEqual(before);
    } finally {
      await domain.close();
    }
  });
});
