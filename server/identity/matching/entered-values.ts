import type { DuplicateSuggestion, MatchEvidence } from '../../../shared/index.js';
import { MAX_IN_LIST, chunk } from '../../storage/batch.js';
import { type MatchAttrs } from './match-attrs.js';
import { readProfiles, type MatchDb } from './match-store.js';
import { parseData } from './profile-attributes.js';
import { normalizeRecord, type RecordInput } from './record.js';

/*
 * Duplicate evidence as the people entered it. The matcher compares normalized values (`19840312`,
 * `ann`, `sw1a1aa`); an agent deciding on a merge should read what each source sent (`1984-03-12`,
 * `Ann`, `SW1A 1AA`). Nothing raw is stored beside the match index, so the entered values are looked up
 * where they live: names in the customer's display name, event-derived fields (birth date, address,
 * postcode…) in the event each one came from (the match attributes keep that event's id).
 * Each normalized value maps back to its raw spelling; a value with no known raw form is left as is.
 */

type Lookup = Map<string, Map<string, string>>;

const NAME_FIELDS = new Set(['givenName', 'surname']);
const DOB_KEYS = ['dateOfBirth', 'dob', 'birthDate', 'birthday'];
const ATTR_FIELDS = ['postcode', 'address', 'locality', 'state'] as const;

/** `evidence` rows with `oursEntered` / `theirsEntered` where the raw spelling is known. Never throws away a row. */
export async function withEnteredValues(db: MatchDb, survivorId: string, suggestions: DuplicateSuggestion[]): Promise<DuplicateSuggestion[]> {
  if (suggestions.length === 0) return suggestions;
  const lookups = await enteredLookups(db, [survivorId, ...suggestions.map((s) => s.customerId)]);
  const mine = lookups.get(survivorId);
  return suggestions.map((s) => {
    const theirs = lookups.get(s.customerId);
    return { ...s, evidence: s.evidence.map((e) => entered(e, mine, theirs)) };
  });
}

function entered(e: MatchEvidence, mine: Lookup | undefined, theirs: Lookup | undefined): MatchEvidence {
  const group = NAME_FIELDS.has(e.field) ? 'name' : e.field;
  const ours = e.ours === null ? undefined : mine?.get(group)?.get(e.ours);
  const their = e.theirs === null ? undefined : theirs?.get(group)?.get(e.theirs);
  return { ...e, ...(ours !== undefined ? { oursEntered: ours } : {}), ...(their !== undefined ? { theirsEntered: their } : {}) };
}

/** Per customer: field group -> normalized value -> entered value. */
async function enteredLookups(db: MatchDb, ids: readonly string[]): Promise<Map<string, Lookup>> {
  const out = new Map<string, Lookup>(ids.map((id) => [id, new Map()]));
  const put = (id: string, group: string, normalized: string, raw: string) => {
    if (!normalized || !raw.trim()) return;
    const lookup = out.get(id)!;
    let m = lookup.get(group);
    if (!m) lookup.set(group, (m = new Map()));
    if (!m.has(normalized)) m.set(normalized, raw.trim());
  };
  const norm = (input: Omit<RecordInput, 'id'>) => normalizeRecord({ id: '', ...input });
  for (const part of chunk([...new Set(ids)], MAX_IN_LIST)) {
    const rows = await db.selectFrom('customers').select(['id', 'display_name']).where('id', 'in', part).execute();
    for (const r of rows) {
      // Each word of the name, as written; the matcher's given name and surname are words of it.
      for (const word of r.display_name.split(/\s+/)) {
        const n = norm({ givenName: word });
        put(r.id, 'name', n.givenName, word.replace(/[,;]+$/, ''));
      }
    }
  }
  const profiles = await readProfiles(db, ids);
  const dobEvents = new Map<string, string>();
  for (const [id, p] of profiles) {
    const attrs: MatchAttrs = p.attrs;
    for (const f of ATTR_FIELDS) {
      const a = attrs[f];
      if (a) put(id, f, norm({ [f]: a.value })[f], a.value);
    }
    if (attrs.dob) dobEvents.set(attrs.dob.eventId, id);
  }
  // The birth date is kept as digits in the attributes: the event it came from has it as sent.
  for (const part of chunk([...dobEvents.keys()], MAX_IN_LIST)) {
    const rows = await db.selectFrom('events').select(['id', 'data']).where('id', 'in', part).execute();
    for (const r of rows) {
      const id = dobEvents.get(r.id)!;
      const data = parseData(r.data);
      const raw = DOB_KEYS.map((k) => data[k]).find((v): v is string | number => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number');
      if (raw !== undefined) put(id, 'dob', profiles.get(id)!.attrs.dob!.value, String(raw));
    }
  }
  return out;
}
