import { createHash } from 'node:crypto';
import {
  CALL_OUTCOME_VOCABULARY,
  CALL_OUTCOME_WORDS,
  CallLogDataSchema,
  EVENT_TYPE,
  REACHED_CALL_OUTCOMES,
  type Actor,
  type CallLog,
  type CallLogResult,
  type CreateCallLogParsed,
  type CustomerRef,
} from '../../shared/index.js';
import { convDb, convTx, type ConvDb } from '../conversations/tables.js';
import type { IngestOutcome, IngestService } from '../domain.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Tx } from '../storage/commit-queue.js';
import type { Db } from '../storage/schema.js';
import type { CallLogPort } from './port.js';

/** The source of call-log items: the ingest dedupe on (source, sourceEventId) makes one log key one item. */
export const CALL_LOG_SOURCE = 'omni-call-log';
const NOTES_IN_SUMMARY = 160;

const userOf = (actor: Actor): { id: string; name: string } => {
  if (actor.kind !== 'user') throw new ForbiddenError('(actor)', 'a call is logged by a signed-in agent');
  return { id: actor.userId, name: actor.name ?? actor.email };
};

/** "Called the customer: callback requested — wants a refund" (a machine line; the notes are the agent's own words). */
export function callLogSummary(direction: 'inbound' | 'outbound', outcome: keyof typeof CALL_OUTCOME_WORDS, notes: string | undefined): string {
  const head = `${direction === 'outbound' ? 'Called the customer' : 'Customer called'}: ${CALL_OUTCOME_WORDS[outcome].toLowerCase()}`;
  const n = notes?.trim().replace(/\s+/g, ' ');
  if (!n) return head;
  return `${head} — ${n.length > NOTES_IN_SUMMARY ? `${n.slice(0, NOTES_IN_SUMMARY - 1)}…` : n}`;
}

/**
 * Calls agents log on a conversation (issue 12, no telephony): each log is ONE timeline item (`call.logged`)
 * written through ingest, so the timeline and every console hear it live and conversation grouping counts it
 * (a reached customer = the first or next response, like a reply). It names its conversation
 * (data.omniConversationId); a write hook checks in the same transaction that it joined exactly that one.
 * No table of its own: the item is the record.
 */
export class CallLogService implements CallLogPort {
  private readonly db: ConvDb;
  /** sourceEventId -> conversation the item must join (checked by the write hook). */
  private readonly pending = new Map<string, string>();

  constructor(private readonly o: { db: Db; ingest: IngestService }) {
    this.db = convDb(o.db);
  }

  /** Ingest write hook: a call-log item created in this batch must have joined the conversation it was logged on. */
  readonly checkJoined = async (tx: Tx, outcome: IngestOutcome): Promise<void> => {
    for (const item of outcome.created) {
      if (item.source !== CALL_LOG_SOURCE) continue;
      const conversationId = this.pending.get(item.sourceEventId);
      if (!conversationId) continue;
      const link = await convTx(tx).selectFrom('conversation_items').select('conversation_id').where('event_id', '=', item.id).executeTakeFirst();
      if (link?.conversation_id !== conversationId)
        throw new ConflictError('id', 'this call could not join the conversation (the customer was merged or split meanwhile, or it is solved and nobody was reached): reload, reopen it if needed, and log again');
    }
  };

  async log(actor: Actor, conversationId: string, body: CreateCallLogParsed): Promise<CallLogResult> {
    const agent = userOf(actor);
    const sourceEventId = `call-log:${createHash('sha256').update(`${agent.id}:${body.idempotencyKey}`).digest('hex').slice(0, 40)}`;
    const first = await this.bySourceEventId(sourceEventId);
    if (first) return { callLog: first, duplicate: true };

    const conv = await this.db.selectFrom('conversations').select(['id', 'customer_id', 'status']).where('id', '=', conversationId).executeTakeFirst();
    if (!conv) throw new NotFoundError('id', `no conversation with id "${conversationId}"`);
    if (conv.status === 'closed') throw new ConflictError('id', 'a closed conversation takes no call logs: open a new one');
    const customer = await this.refFor(conv.customer_id);
    const notes = body.notes?.trim() ? body.notes.trim() : undefined;
    this.pending.set(sourceEventId, conversationId);
    let outcome: IngestOutcome;
    try {
      outcome = await this.o.ingest.ingest(actor, [
        {
          source: CALL_LOG_SOURCE,
          sourceEventId,
          channel: 'phone',
          type: EVENT_TYPE.callLogged,
          occurredAt: new Date().toISOString(),
          customer,
          summary: callLogSummary(body.direction, body.outcome, notes),
          data: {
            direction: body.direction,
            outcome: CALL_OUTCOME_VOCABULARY[body.outcome],
            callOutcome: body.outcome,
            ...(body.durationSec !== undefined ? { durationSec: body.durationSec } : {}),
            ...(notes ? { notes } : {}),
            ...(body.callbackAt ? { callbackAt: new Date(body.callbackAt).toISOString() } : {}),
            agentId: agent.id,
            agentName: agent.name,
            omniConversationId: conversationId,
          },
        },
      ]);
    } finally {
      this.pending.delete(sourceEventId);
    }
    if (outcome.results.length === 0) throw new ConflictError('id', 'the call could not be recorded (this customer’s data was erased on request)');
    const stored = await this.bySourceEventId(sourceEventId);
    if (!stored) throw new ConflictError('idempotencyKey', 'this key was used for a call log that is gone: log again');
    return { callLog: stored, duplicate: outcome.results[0]!.status === 'duplicate' };
  }

  async list(conversationId: string): Promise<CallLog[]> {
    const conv = await this.db.selectFrom('conversations').select('id').where('id', '=', conversationId).executeTakeFirst();
    if (!conv) throw new NotFoundError('id', `no conversation with id "${conversationId}"`);
    const rows = await this.db
      .selectFrom('events as e')
      .innerJoin('conversation_items as ci', 'ci.event_id', 'e.id')
      .select(['e.id', 'e.customer_id', 'e.occurred_at_us', 'e.data', 'ci.conversation_id'])
      .where('ci.conversation_id', '=', conversationId)
      .where('e.source', '=', CALL_LOG_SOURCE)
      .orderBy('e.occurred_at_us')
      .orderBy('e.id')
      .limit(500)
      .execute();
    return rows.map((r) => toCallLog(r)).filter((c): c is CallLog => c !== null);
  }

  private async bySourceEventId(sourceEventId: string): Promise<CallLog | null> {
    const r = await this.db
      .selectFrom('events as e')
      .leftJoin('conversation_items as ci', 'ci.event_id', 'e.id')
      .select(['e.id', 'e.customer_id', 'e.occurred_at_us', 'e.data', 'ci.conversation_id'])
      .where('e.source', '=', CALL_LOG_SOURCE)
      .where('e.source_event_id', '=', sourceEventId)
      .executeTakeFirst();
    return r ? toCallLog(r) : null;
  }

  /** An identifier of the conversation's customer (ingest attributes by identifiers): a phone first, it was a call. */
  private async refFor(customerId: string): Promise<CustomerRef> {
    const ids = await this.db.selectFrom('identifiers').select(['kind', 'value']).where('customer_id', '=', customerId).orderBy('created_at_us').execute();
    const phone = ids.find((i) => i.kind === 'phone');
    if (phone) return { phone: phone.value };
    const email = ids.find((i) => i.kind === 'email');
    if (email) return { email: email.value };
    const loyalty = ids.find((i) => i.kind === 'loyalty');
    if (loyalty) return { loyaltyId: loyalty.value };
    throw new ConflictError('id', 'this conversation’s customer has no phone number, email or loyalty id to record the call under');
  }
}

function toCallLog(r: { id: string; customer_id: string; occurred_at_us: number; data: string; conversation_id: string | null }): CallLog | null {
  const parsed = CallLogDataSchema.safeParse(JSON.parse(r.data));
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    id: r.id,
    conversationId: r.conversation_id ?? d.omniConversationId ?? '',
    customerId: r.customer_id,
    direction: d.direction,
    outcome: d.callOutcome,
    durationSec: d.durationSec ?? null,
    notes: d.notes ?? null,
    callbackAt: d.callbackAt ?? null,
    agentId: d.agentId ?? null,
    agentName: d.agentName ?? null,
    countsAsResponse: REACHED_CALL_OUTCOMES.has(d.callOutcome),
    occurredAt: new Date(Number(r.occurred_at_us) / 1000).toISOString(),
  };
}
