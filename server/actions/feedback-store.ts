import { randomUUID } from 'node:crypto';
import type { ActionKind, Actor } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import type { Db } from '../storage/schema.js';
import type { AcceptanceStats, Tally } from './ranking.js';

/*
 * Feedback persistence: every outcome is kept (audit + snoozes), and the Beta-Bernoulli counts
 * per (kind, segment) are bumped in the same transaction so ranking reads one tiny table.
 */

export type StoredOutcome = 'accepted' | 'dismissed' | 'snoozed' | 'executed';

export interface FeedbackRecord {
  actionId: string;
  customerId: string;
  kind: ActionKind;
  segment: string;
  outcome: StoredOutcome;
  reason?: string;
  userId: string;
  catalogVersion: number;
  atUs: number;
  untilUs?: number;
  /** Who executed it: an `executed` outcome with an actor is also written to the audit trail, in the same transaction. */
  actor?: Actor;
  /** The timeline event the execution created (audited with it). */
  eventId?: string;
}

/** accepted/executed count as a success, dismissed as a failure; a snooze teaches nothing. */
function delta(outcome: StoredOutcome): { accepted: number; dismissed: number } | null {
  if (outcome === 'accepted' || outcome === 'executed') return { accepted: 1, dismissed: 0 };
  if (outcome === 'dismissed') return { accepted: 0, dismissed: 1 };
  return null;
}

export class SqlFeedbackStore {
  constructor(private readonly db: Db) {}

  async record(r: FeedbackRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('action_feedback')
        .values({
          id: randomUUID(),
          action_id: r.actionId,
          customer_id: r.customerId,
          kind: r.kind,
          segment: r.segment,
          outcome: r.outcome,
          reason: r.reason ?? null,
          user_id: r.userId,
          catalog_version: r.catalogVersion,
          at_us: r.atUs,
          until_us: r.untilUs ?? null,
        })
        .execute();
      if (r.outcome === 'executed' && r.actor) {
        await appendAudit(tx, { atUs: r.atUs, actor: r.actor, action: 'action.execute', subject: { type: 'customer', id: r.customerId }, payload: { kind: r.kind, actionId: r.actionId, eventId: r.eventId ?? null } });
      }
      const d = delta(r.outcome);
      if (!d) return;
      await tx
        .insertInto('action_stats')
        .values({ kind: r.kind, segment: r.segment, ...d })
        .onConflict((oc) =>
          oc.columns(['kind', 'segment']).doUpdateSet((eb) => ({
            accepted: eb('action_stats.accepted', '+', d.accepted),
            dismissed: eb('action_stats.dismissed', '+', d.dismissed),
          })),
        )
        .execute();
    });
  }

  /** All (kind, segment) tallies plus a version that changes whenever any tally does. */
  async stats(): Promise<{ stats: AcceptanceStats; version: number }> {
    const rows = await this.db.selectFrom('action_stats').select(['kind', 'segment', 'accepted', 'dismissed']).execute();
    const stats = new Map<string, Tally>();
    let version = 0;
    for (const r of rows) {
      const accepted = Number(r.accepted);
      const dismissed = Number(r.dismissed);
      stats.set(`${r.kind}|${r.segment}`, { accepted, dismissed });
      version += accepted + dismissed;
    }
    return { stats, version };
  }

  /** Action ids to hide for this customer: dismissed ones, and snoozes that have not expired. */
  async hidden(customerId: string, nowUs: number): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('action_feedback')
      .select(['action_id', 'outcome', 'until_us'])
      .where('customer_id', '=', customerId)
      .where('outcome', 'in', ['dismissed', 'snoozed'])
      .execute();
    const out = new Set<string>();
    for (const r of rows) {
      if (r.outcome === 'dismissed' || (r.until_us !== null && Number(r.until_us) > nowUs)) out.add(r.action_id);
    }
    return out;
  }

  /** Feedback rows for one action id, newest first (tests, audit). */
  async forAction(actionId: string): Promise<{ outcome: string; reason: string | null; userId: string; untilUs: number | null }[]> {
    const rows = await this.db
      .selectFrom('action_feedback')
      .select(['outcome', 'reason', 'user_id', 'until_us', 'at_us'])
      .where('action_id', '=', actionId)
      .orderBy('at_us', 'desc')
      .execute();
    return rows.map((r) => ({ outcome: r.outcome, reason: r.reason, userId: r.user_id, untilUs: r.until_us === null ? null : Number(r.until_us) }));
  }
}
