import type { Transaction } from 'kysely';
import type { Actor } from '../../shared/index.js';
import { appendAudit } from '../audit/audit-log.js';
import { recomputeStats } from '../customers/customer-stats.js';
import { dropHeldDeliveries, scrubDeadLetters, type PersonNeedles } from '../dead-letters/scrub.js';
import type { MatchTables } from '../identity/matching/match-store.js';
import { lockForIdentityWrite } from '../merges/lock.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import { ulid } from '../storage/ids.js';
import type { Dialect, Schema } from '../storage/schema.js';
import { anonymiseData, pseudonym, replaceSecrets } from './anonymise.js';
import { replaceSignalRows, signalRows } from './consent-signals.js';
import { privacyTx } from './tables.js';
import { eventTombstone } from './tombstones.js';

/*
 * One erasure, in the caller's transaction (all or nothing): every customer record of the person (the
 * survivor and those merged into it) loses its personal data, keeps its anonymous facts, and leaves
 * tombstones. Files (attachments) are removed by the caller after the commit.
 */

type Tx = Transaction<Schema>;

export const ERASED_NAME = 'Erased customer';

export interface ErasureOutcome {
  erasureId: string;
  customerIds: string[];
  identifiers: number;
  events: number;
  deadLetters: number;
  heldDeliveries: number;
  /** sha256 of attachments the erased events listed (deleted from disk after commit when no one else holds them). */
  attachments: string[];
}

/** The survivor and every customer merged into it (merges in effect, transitively). */
export async function personRecords(tx: Tx, survivorId: string): Promise<string[]> {
  const all = [survivorId];
  let frontier = [survivorId];
  for (let depth = 0; frontier.length > 0 && depth < 64; depth++) {
    const rows = await tx.selectFrom('customers').select('id').where('merged_into', 'in', frontier).execute();
    frontier = rows.map((r) => r.id).filter((id) => !all.includes(id));
    all.push(...frontier);
  }
  return all;
}

export async function eraseInTransaction(tx: Tx, dialect: Dialect, actor: Actor, survivorId: string, reason: string, nowUs: number): Promise<ErasureOutcome> {
  await lockForIdentityWrite(tx, dialect);
  const ids = await personRecords(tx, survivorId);
  const erasureId = `era_${ulid()}`;
  const ptx = privacyTx(tx);

  // 1. What identifies the person: their identifiers (every one points at the survivor or came from a record).
  const identifiers: { kind: string; value: string }[] = [];
  for (const part of chunk(ids, MAX_IN_LIST)) {
    identifiers.push(
      ...(await tx
        .selectFrom('identifiers')
        .select(['kind', 'value'])
        .where((eb) => eb.or([eb('customer_id', 'in', part), eb('origin_customer_id', 'in', part)]))
        .execute()),
    );
  }
  const names = (await tx.selectFrom('customers').select('display_name').where('id', 'in', ids).execute()).map((r) => r.display_name).filter((n) => n && n !== ERASED_NAME);
  const needles = needlesOf(identifiers);
  const secrets = [...new Set([...identifiers.map((i) => i.value), ...identifiers.map((i) => `${i.kind}:${i.value}`), ...names])].sort((a, b) => b.length - a.length);

  // 2. Events: anonymous facts stay, the rest goes; the sender's id becomes a tombstone.
  const events: { id: string; source: string; source_event_id: string; data: string; customer_id: string; channel: string; type: string; occurred_at_us: number }[] = [];
  for (const part of chunk(ids, MAX_IN_LIST)) {
    events.push(...(await tx.selectFrom('events').select(['id', 'source', 'source_event_id', 'data', 'customer_id', 'channel', 'type', 'occurred_at_us']).where('customer_id', 'in', part).execute()));
  }
  // Consent signals follow the anonymised data (a consent type still says it; a STOP text's words are gone).
  const signalsOf: { eventIds: string[]; rows: ReturnType<typeof signalRows> } = { eventIds: [], rows: [] };
  const attachments = new Set<string>();
  const tombstones: { hash: string; kind: string; erasure_id: string; event_id: string | null; customer_id: string; created_at_us: number }[] = [];
  for (const e of events) {
    if (e.source_event_id.startsWith('erased-')) continue; // erased before (a second erasure of a merged record)
    const data = parse(e.data);
    for (const a of Array.isArray(data['attachments']) ? (data['attachments'] as unknown[]) : []) {
      const sha = (a as { sha256?: unknown } | null)?.sha256;
      if (typeof sha === 'string' && /^[0-9a-f]{64}$/.test(sha)) attachments.add(sha);
    }
    const hash = eventTombstone(e.source, e.source_event_id);
    tombstones.push({ hash, kind: 'event', erasure_id: erasureId, event_id: e.id, customer_id: survivorId, created_at_us: nowUs });
    const anonymous = anonymiseData(data);
    const occurredUs = Number(e.occurred_at_us);
    signalsOf.eventIds.push(e.id);
    signalsOf.rows.push(...signalRows({ id: e.id, source: e.source, channel: e.channel, type: e.type, occurredAt: occurredUs, data: anonymous }, e.customer_id, occurredUs));
    await tx
      .updateTable('events')
      .set({ data: JSON.stringify(anonymous), summary: null, source_event_id: `erased-${hash}`, identity: JSON.stringify({ keys: [], name: '', rank: 0 }) })
      .where('id', '=', e.id)
      .execute();
  }
  await replaceSignalRows(tx, signalsOf.eventIds, signalsOf.rows);
  for (const part of chunk(events.map((e) => e.id), MAX_IN_LIST)) await tx.deleteFrom('event_refs').where('event_id', 'in', part).execute();

  // 3. Identifiers: gone, and not remembered even as hashes: a hash of an email or phone is the value to
  // anyone who can guess it, and nothing needs it (a new event with the same email starts a new profile).
  for (const part of chunk(ids, MAX_IN_LIST)) {
    await tx
      .deleteFrom('identifiers')
      .where((eb) => eb.or([eb('customer_id', 'in', part), eb('origin_customer_id', 'in', part)]))
      .execute();
    await tx
      .deleteFrom('identity_links')
      .where((eb) => eb.or([eb('customer_id', 'in', part), eb('other_id', 'in', part)]))
      .execute();
    const mtx = tx.withTables<MatchTables>();
    await mtx.deleteFrom('match_keys').where('customer_id', 'in', part).execute();
    await mtx.deleteFrom('match_profiles').where('customer_id', 'in', part).execute();
    await tx.updateTable('action_feedback').set({ reason: null }).where('customer_id', 'in', part).execute();
    await tx.updateTable('customers').set({ display_name: ERASED_NAME, name_rank: 0, search_name: '' }).where('id', 'in', part).execute();
  }
  for (const part of chunk(tombstones, 500)) await ptx.insertInto('privacy_tombstones').values(part).onConflict((oc) => oc.column('hash').doNothing()).execute();

  // 4. Merge history stays, anonymised: what a merge moved named the identifiers and the names.
  const merges = await tx
    .selectFrom('merges')
    .select(['id', 'reason', 'moved', 'bridging_identifier'])
    .where((eb) => eb.or([eb('from_id', 'in', ids), eb('into_id', 'in', ids)]))
    .execute();
  for (const m of merges) {
    const moved = replaceSecrets(parse(m.moved), secrets) as Record<string, unknown>;
    for (const side of ['from', 'into']) {
      const snap = moved[side];
      if (snap && typeof snap === 'object') (snap as Record<string, unknown>)['displayName'] = ERASED_NAME;
    }
    const reasonText = secrets.some((s) => s.length >= 3 && m.reason.includes(s)) ? '(reason erased)' : m.reason;
    await tx
      .updateTable('merges')
      .set({ moved: JSON.stringify(moved), reason: reasonText, bridging_identifier: m.bridging_identifier === null ? null : pseudonym(m.bridging_identifier) })
      .where('id', '=', m.id)
      .execute();
  }

  // 5. Stats rebuilt from the anonymised events (order keys are pseudonyms now); raw deliveries naming the person scrubbed.
  await recomputeStats(tx, ids);
  const deadLetters = await scrubDeadLetters(tx, needles, nowUs);
  const heldDeliveries = await dropHeldDeliveries(tx, needles);

  const counts = { identifiers: identifiers.length, events: tombstones.filter((t) => t.kind === 'event').length, deadLetters, heldDeliveries, attachments: attachments.size, records: ids.length };
  await ptx.insertInto('privacy_erasures').values({ id: erasureId, customer_id: survivorId, erased_ids: JSON.stringify(ids), reason, actor: actorName(actor), at_us: nowUs, counts: JSON.stringify(counts) }).execute();
  await appendAudit(tx, { atUs: nowUs, actor, action: 'privacy.erase', subject: { type: 'customer', id: survivorId }, payload: { erasureId, reason, ...counts } });
  return { erasureId, customerIds: ids, identifiers: identifiers.length, events: counts.events, deadLetters, heldDeliveries, attachments: [...attachments] };
}

function needlesOf(identifiers: readonly { kind: string; value: string }[]): PersonNeedles {
  const texts: string[] = [];
  const phones: string[] = [];
  for (const i of identifiers) {
    if (i.kind === 'phone') phones.push(i.value.replace(/\D/g, ''));
    else if (i.kind === 'external') {
      // `shopify:207119551`: the sender's body carries the id alone.
      const id = i.value.slice(i.value.indexOf(':') + 1);
      if (id.length >= 5) texts.push(id.toLowerCase());
    } else texts.push(i.value.toLowerCase());
  }
  return { texts, phones };
}

function parse(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function actorName(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.userId}` : actor.name;
}
