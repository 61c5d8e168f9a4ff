import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { microsToIso, type ChannelConsent, type CustomerExport, type PrivacyRequest } from '../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../storage/batch.js';
import type { Db } from '../storage/schema.js';

/*
 * Everything the hub holds about one person, as JSON (and a ZIP with the attachments' bytes): every
 * customer record of the person, identifiers, the whole timeline with its data, merges, consents,
 * attachments listed, and the privacy requests about them.
 */

export async function buildExport(db: Db, ids: readonly string[], consents: ChannelConsent[], requests: PrivacyRequest[], attachmentsDir: string | undefined): Promise<CustomerExport> {
  const survivorId = ids[0]!;
  const profiles: CustomerExport['profiles'] = [];
  const identifiers: CustomerExport['identifiers'] = [];
  const timeline: CustomerExport['timeline'] = [];
  for (const part of chunk([...ids], MAX_IN_LIST)) {
    for (const c of await db.selectFrom('customers').selectAll().where('id', 'in', part).execute()) {
      profiles.push({
        id: c.id,
        displayName: c.display_name,
        createdAt: microsToIso(Number(c.created_at_us)),
        mergedInto: c.merged_into,
        firstSeenAt: microsToIso(Number(c.first_seen_us)),
        lastActivityAt: microsToIso(Number(c.last_activity_us)),
        eventCount: Number(c.event_count),
      });
    }
    const idRows = await db
      .selectFrom('identifiers')
      .select(['kind', 'value', 'customer_id', 'created_at_us'])
      .where((eb) => eb.or([eb('customer_id', 'in', part), eb('origin_customer_id', 'in', part)]))
      .orderBy('kind')
      .orderBy('value')
      .execute();
    for (const i of idRows) identifiers.push({ kind: i.kind, value: i.value, customerId: i.customer_id, createdAt: microsToIso(Number(i.created_at_us)) });
    const events = await db
      .selectFrom('events')
      .select(['id', 'customer_id', 'source', 'source_event_id', 'channel', 'type', 'occurred_at_us', 'summary', 'data', 'seq'])
      .where('customer_id', 'in', part)
      .orderBy('seq')
      .execute();
    for (const e of events) {
      timeline.push({
        id: e.id,
        customerId: e.customer_id,
        source: e.source,
        sourceEventId: e.source_event_id,
        channel: e.channel,
        type: e.type,
        occurredAt: microsToIso(Number(e.occurred_at_us)),
        summary: e.summary,
        data: JSON.parse(e.data) as Record<string, unknown>,
      });
    }
  }
  profiles.sort((a, b) => (a.id === survivorId ? -1 : b.id === survivorId ? 1 : a.id < b.id ? -1 : 1));
  const merges = await db
    .selectFrom('merges')
    .select(['id', 'from_id', 'into_id', 'reason', 'at_us', 'undone_at_us'])
    .where((eb) => eb.or([eb('from_id', 'in', [...ids]), eb('into_id', 'in', [...ids])]))
    .orderBy('at_us')
    .execute();
  return {
    exportedAt: new Date().toISOString(),
    customerId: survivorId,
    profiles,
    identifiers,
    timeline,
    merges: merges.map((m) => ({ id: m.id, fromId: m.from_id, intoId: m.into_id, reason: m.reason, at: microsToIso(Number(m.at_us)), undoneAt: m.undone_at_us === null ? null : microsToIso(Number(m.undone_at_us)) })),
    consents,
    attachments: attachmentsOf(timeline, attachmentsDir),
    privacyRequests: requests,
  };
}

function attachmentsOf(timeline: CustomerExport['timeline'], dir: string | undefined): CustomerExport['attachments'] {
  const out: CustomerExport['attachments'] = [];
  for (const e of timeline) {
    const list = Array.isArray(e.data['attachments']) ? (e.data['attachments'] as unknown[]) : [];
    for (const raw of list) {
      const a = (raw ?? {}) as Record<string, unknown>;
      const sha = typeof a['sha256'] === 'string' && /^[0-9a-f]{64}$/.test(a['sha256']) ? a['sha256'] : null;
      out.push({
        eventId: e.id,
        filename: typeof a['filename'] === 'string' ? a['filename'] : 'attachment',
        contentType: typeof a['contentType'] === 'string' ? a['contentType'] : null,
        size: typeof a['size'] === 'number' ? a['size'] : null,
        sha256: sha,
        stored: Boolean(sha && dir && existsSync(attachmentPath(dir, sha))),
      });
    }
  }
  return out;
}

export function attachmentPath(dir: string, sha256: string): string {
  return join(dir, sha256.slice(0, 2), sha256);
}

/** The ZIP: `export.json` plus `attachments/<n>-<file name>` for each attachment whose bytes the hub holds. */
export async function exportZip(data: CustomerExport, dir: string | undefined): Promise<Uint8Array> {
  const files: Zippable = { 'export.json': strToU8(JSON.stringify(data, null, 2)) };
  let n = 0;
  for (const a of data.attachments) {
    n++;
    if (!a.stored || !a.sha256 || !dir) continue;
    // The sender chose the name: only its last path part, without control or path characters.
    const safe = (a.filename.split(/[\\/]/).pop() ?? 'attachment').replace(/[^\w.\- ]/g, '_').slice(0, 120) || 'attachment';
    files[`attachments/${String(n).padStart(3, '0')}-${safe}`] = new Uint8Array(await readFile(attachmentPath(dir, a.sha256)));
  }
  return zipSync(files, { level: 6 });
}
