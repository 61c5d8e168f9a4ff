import { systemActor, userActor, type TimelineItem, type UserActor } from '../../shared/index.js';
import { ConversationService } from '../conversations/conversation-service.js';
import { conversationSettings } from '../conversations/settings.js';
import type { SqlDomain } from '../create-domain.js';
import { Mutex } from '../storage/mutex.js';
import { ulid } from '../storage/ids.js';
import { testEvent } from '../storage/test-domain.js';
import { SlaSettingsService } from './sla-settings-service.js';
import { SlaSweep } from './sla-sweep.js';

/*
 * Test support (not imported by production code): the conversation service, the SLA settings service and
 * the sweep of a test domain, all on one hand-moved clock, plus an inbound email that arrives "now".
 */
export interface SlaKit {
  clock: { ms: number };
  conversations: ConversationService;
  sla: SlaSettingsService;
  sweep: SlaSweep;
  lead: UserActor;
  /** A customer's inbound email at the clock's time, through the real grouping hook; returns the conversation id. */
  inboundEmail(customerId: string, subject: string): Promise<string>;
  newCustomer(): Promise<string>;
  newQueue(name: string): Promise<string>;
}

let seq = 0;

export async function slaKit(domain: SqlDomain, startIso: string, lead?: UserActor): Promise<SlaKit> {
  const clock = { ms: Date.parse(startIso) };
  const now = () => clock.ms;
  const writeLock = new Mutex(domain.database.writeGate);
  const settings = conversationSettings({ policyFor: (q) => domain.slaSettings.policyFor(q), calendarFor: (q) => domain.slaSettings.calendarFor(q) });
  const base = { db: domain.database.db, dialect: domain.dialect, events: domain.events, writeLock };
  const conversations = new ConversationService({ ...base, customers: domain.customers, settings, now });
  const sla = new SlaSettingsService({ db: domain.database.db, store: domain.slaSettings, conversations, writeLock, now });
  const sweep = new SlaSweep({ ...base, store: domain.slaSettings, conversations, now });
  const who = lead ?? userActor(await domain.auth.createUser({ email: `sla.lead.${ulid().toLowerCase()}@x.test`, name: 'Sla Lead', role: 'lead', password: 'lead-password-123' }));
  return {
    clock,
    conversations,
    sla,
    sweep,
    lead: who,
    async newCustomer() {
      const email = `sla.${ulid().toLowerCase()}@x.test`;
      const out = await domain.ingest.ingest(systemActor('test'), [testEvent({ email }, { channel: 'note', type: 'note.added', occurredAt: new Date().toISOString() })]);
      return out.results[0]!.customerId;
    },
    async newQueue(name: string) {
      return (await domain.teams.create(who, { name: `${name} ${++seq}` })).id;
    },
    async inboundEmail(customerId: string, subject: string) {
      const at = new Date(clock.ms).toISOString();
      const item: TimelineItem = {
        id: `evt_${ulid()}`,
        customerId,
        channel: 'email',
        type: 'email.received',
        occurredAt: at,
        summary: subject,
        source: 'test',
        sourceEventId: `sla-${ulid()}`,
        data: { direction: 'inbound', subject, messageId: `<${ulid()}@sla.test>` },
        seq: 0,
      };
      const after = await writeLock.run(() => domain.database.db.transaction().execute((tx) => conversations.groupIngested(tx, { results: [], created: [item], merges: [], touchedCustomerIds: [] })));
      if (after) after();
      const row = await domain.database.db
        .withTables<{ conversation_items: { event_id: string; conversation_id: string } }>()
        .selectFrom('conversation_items')
        .select('conversation_id')
        .where('event_id', '=', item.id)
        .executeTakeFirstOrThrow();
      return row.conversation_id;
    },
  };
}
