import type { FebrlRecord } from '../febrl.js';
import { normalizeRecord, type RecordInput } from '../record.js';
import { mojibake, ocr, ocrDigits, stripAccents, typo } from './corrupt.js';
import { EMAIL_DOMAINS, FAMILIAR, FEMALE, GENDER_PAIRS, MALE, STATES, STREETS, SURNAMES, TOWNS } from './names.js';
import { Random } from './random.js';

/*
 * Household-heavy evaluation data with ground truth (docs/identity.md): a retail customer base where many
 * people share an address with a partner, parent, adult child, sibling or twin; fathers and sons with one
 * name and a Jr/Sr suffix; buildings and street numbers shared by unrelated households; people who moved,
 * changed or hyphenated their surname, use familiar forms of their given name; records with typos, OCR
 * errors, lost accents, mojibake and missing fields. Loyalty cards are issued per household.
 * Deterministic: the same seed gives the same records.
 */

export interface HouseholdOptions {
  seed: number;
  /** People to generate (records are about twice as many). */
  people: number;
}

interface Address {
  streetNumber: string;
  street: string;
  unit: string;
  town: string;
  postcode: string;
  state: string;
}

interface Person {
  entity: string;
  female: boolean;
  given: string;
  surname: string;
  /** Surname on records from before a marriage. */
  earlierSurname: string | null;
  suffix: string;
  dob: [number, number, number];
  emails: string[];
  phone: string | null;
  loyalty: string | null;
  home: Address;
  /** Address on records after a move. */
  movedTo: Address | null;
}

interface Place {
  town: string;
  postcode: string;
  state: string;
}

export interface HouseholdData {
  records: FebrlRecord[];
  /** The same records before normalization (what a source would have sent). */
  raw: (RecordInput & { entity: string })[];
  people: number;
  households: number;
}

export function generateHouseholds(opts: HouseholdOptions): HouseholdData {
  const rng = new Random(opts.seed);
  // Few postcodes and small street numbers: unrelated households often share number + postcode.
  const places: Place[] = Array.from({ length: Math.max(8, Math.round(opts.people / 60)) }, () => ({
    town: rng.pick(TOWNS),
    postcode: String(rng.int(10000, 99999)),
    state: rng.pick(STATES),
  }));
  const buildings: Address[] = [];
  const newAddress = (): Address => {
    if (buildings.length > 0 && rng.chance(0.12)) return { ...rng.pick(buildings), unit: `Apt ${rng.int(1, 30)}${rng.pick(['', 'A', 'B'])}` };
    const p = rng.pick(places);
    const a: Address = { streetNumber: String(rng.int(1, 80)), street: rng.pick(STREETS), unit: '', town: p.town, postcode: p.postcode, state: p.state };
    if (rng.chance(0.15)) buildings.push(a);
    return a;
  };
  const usedEmails = new Set<string>();
  const email = (given: string, surname: string): string => {
    const g = stripAccents(given).toLowerCase().replace(/[^a-z]/g, '');
    const s = stripAccents(surname).toLowerCase().replace(/[^a-z]/g, '');
    const local = rng.pick([`${g}.${s}`, `${g}${s}`, `${g[0]}${s}`, `${g}_${s}`, `${s}.${g}`, `${g}${rng.int(1, 99)}`]);
    let e = `${local}@${rng.pick(EMAIL_DOMAINS)}`;
    while (usedEmails.has(e)) e = `${local}${rng.int(1, 999)}@${rng.pick(EMAIL_DOMAINS)}`;
    usedEmails.add(e);
    return e;
  };
  const phone = () => `+1${rng.int(201, 989)}${rng.int(200, 999)}${String(rng.int(0, 9999)).padStart(4, '0')}`;
  const dobFor = (yearLo: number, yearHi: number): [number, number, number] => [rng.int(yearLo, yearHi), rng.int(1, 12), rng.int(1, 28)];
  let loyaltySeq = 0;
  const loyalty = () => `LC-${String(opts.seed).padStart(2, '0')}${String(++loyaltySeq).padStart(6, '0')}`;

  const people: Person[] = [];
  let households = 0;
  const person = (female: boolean, given: string, surname: string, dob: [number, number, number], home: Address, card: string | null): Person => {
    const p: Person = {
      entity: `p${people.length}`,
      female,
      given,
      surname,
      earlierSurname: null,
      suffix: '',
      dob,
      emails: [],
      phone: rng.chance(0.85) ? phone() : null,
      loyalty: card ?? (rng.chance(0.1) ? loyalty() : null),
      home,
      movedTo: null,
    };
    p.emails = rng.chance(0.9) ? [email(given, surname)] : [];
    if (rng.chance(0.15)) p.emails.push(email(given, surname));
    people.push(p);
    return p;
  };
  const givenFor = (female: boolean) => rng.pickSkewed(female ? FEMALE : MALE, 1.6);
  const surname = () => rng.pickSkewed(SURNAMES, 2.2);

  while (people.length < opts.people) {
    households++;
    const home = newAddress();
    const card = rng.chance(0.65) ? loyalty() : null;
    const family = surname();
    const kind = rng.weighted([
      ['single', 30],
      ['couple', 22],
      ['family', 20],
      ['single-parent', 6],
      ['siblings', 7],
      ['twins', 7],
      ['junior', 8],
    ] as const);
    const startYear = rng.int(1940, 1985);
    if (kind === 'single') {
      const f = rng.chance(0.5);
      person(f, givenFor(f), family, dobFor(1940, 2004), home, card);
      continue;
    }
    const parents: Person[] = [];
    if (kind === 'siblings') {
      const n = rng.int(2, 3);
      for (let i = 0; i < n; i++) {
        const f = rng.chance(0.5);
        person(f, givenFor(f), family, dobFor(startYear + 20, Math.min(2004, startYear + 30)), home, card);
      }
      continue;
    }
    const dad = person(false, givenFor(false), family, dobFor(startYear, startYear + 5), home, card);
    parents.push(dad);
    if (kind !== 'single-parent' || rng.chance(0.3)) {
      const style = rng.weighted([['took', 60], ['kept', 25], ['hyphen', 15]] as const);
      const maiden = surname();
      const mumSurname = style === 'took' ? family : style === 'kept' ? maiden : `${maiden}-${family}`;
      const mum = person(true, givenFor(true), mumSurname, dobFor(startYear - 3, startYear + 6), home, card);
      if (style !== 'kept' && rng.chance(0.35)) mum.earlierSurname = maiden;
      parents.push(mum);
    }
    if (kind === 'couple') continue;
    const kidYear = () => Math.min(2006, startYear + rng.int(22, 38));
    if (kind === 'junior') {
      dad.suffix = 'Sr';
      const son = person(false, dad.given, family, dobFor(kidYear(), kidYear()), home, card);
      son.suffix = rng.pick(['Jr', 'Jr', 'Jr', 'II']);
      continue;
    }
    if (kind === 'twins') {
      const dob = dobFor(kidYear(), kidYear());
      let a: [boolean, string];
      let b: [boolean, string];
      if (rng.chance(0.6)) {
        const [boy, girl] = rng.pick(GENDER_PAIRS);
        [a, b] = [[false, boy], [true, girl]];
      } else {
        const [fa, fb] = [rng.chance(0.5), rng.chance(0.5)];
        [a, b] = [[fa, givenFor(fa)], [fb, givenFor(fb)]];
      }
      const first = person(a[0], a[1], family, dob, home, card);
      let second = b[1];
      while (second === first.given) second = givenFor(b[0]);
      person(b[0], second, family, dob, home, card);
      continue;
    }
    const kids = rng.int(1, kind === 'family' ? 3 : 2);
    for (let i = 0; i < kids; i++) {
      const f = rng.chance(0.5);
      person(f, givenFor(f), family, dobFor(kidYear(), kidYear()), home, card);
    }
  }
  people.length = opts.people;

  // Life events: moves (often together with a surname change).
  for (const p of people) {
    if (rng.chance(0.14)) p.movedTo = newAddress();
    if (p.earlierSurname && rng.chance(0.5) && !p.movedTo) p.movedTo = newAddress();
  }

  const raw: (RecordInput & { entity: string })[] = [];
  for (const p of people) {
    const n = rng.weighted([[1, 33], [2, 37], [3, 20], [4, 10]] as const);
    for (let k = 0; k < n; k++) raw.push({ ...render(rng, p, k, n), id: `${p.entity}-r${k}`, entity: p.entity });
  }
  // Shuffle, so nothing can lean on record order.
  for (let i = raw.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [raw[i], raw[j]] = [raw[j]!, raw[i]!];
  }
  const records = raw.map(({ entity, ...r }) => ({ ...normalizeRecord(r), entity }));
  return { records, raw, people: people.length, households };
}

/** One record of a person as some source captured it (record k of n: later records come after any move). */
function render(rng: Random, p: Person, k: number, n: number): Omit<RecordInput, 'id'> {
  const after = k > 0 && k >= Math.floor(n / 2);
  const addr = p.movedTo && after ? p.movedTo : p.home;
  let given = p.given;
  const familiar = FAMILIAR[stripAccents(given).toLowerCase()];
  if (familiar && rng.chance(0.3)) given = rng.pick(familiar);
  let surname = p.earlierSurname && !after ? p.earlierSurname : p.surname;
  if (p.suffix && rng.chance(0.6)) surname = `${surname} ${rng.pick([p.suffix, `${p.suffix}.`])}`;
  if (rng.chance(0.08)) given = typo(rng, given);
  if (rng.chance(0.08)) surname = typo(rng, surname);
  if (rng.chance(0.04)) given = ocr(rng, given);
  if (rng.chance(0.04)) surname = ocr(rng, surname);
  if (rng.chance(0.4)) {
    given = stripAccents(given);
    surname = stripAccents(surname);
  } else if (rng.chance(0.08)) {
    given = mojibake(given);
    surname = mojibake(surname);
  }
  if (rng.chance(0.15)) given = given.toUpperCase();

  const [y, m, d] = p.dob;
  let dob = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (rng.chance(0.03) && d <= 12) dob = `${y}-${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}`;
  else if (rng.chance(0.03)) dob = typoDigit(rng, dob);
  else if (rng.chance(0.02)) dob = ocrDigits(rng, dob);

  let street = addr.street;
  if (rng.chance(0.3)) street = street.replace('Street', 'St').replace('Avenue', 'Ave').replace('Road', 'Rd').replace('Drive', 'Dr').replace('Lane', 'Ln');
  if (rng.chance(0.05)) street = typo(rng, street);
  if (rng.chance(0.03)) street = ocr(rng, street);
  const unit = addr.unit && rng.chance(0.7) ? ` ${addr.unit}` : '';

  const out: Omit<RecordInput, 'id'> = {
    givenName: rng.chance(0.02) ? '' : given,
    surname,
    dob: rng.chance(0.15) ? '' : dob,
    streetNumber: rng.chance(0.1) ? '' : addr.streetNumber,
    address: rng.chance(0.1) ? '' : `${street}${unit}`,
    locality: rng.chance(0.15) ? '' : addr.town,
    postcode: rng.chance(0.08) ? '' : rng.chance(0.02) ? typoDigit(rng, addr.postcode) : addr.postcode,
    state: rng.chance(0.2) ? '' : addr.state,
    emails: p.emails.length > 0 && rng.chance(0.65) ? [rng.pick(p.emails)] : [],
    phones: p.phone && rng.chance(0.65) ? [p.phone] : [],
    sharedIds: p.loyalty && rng.chance(0.6) ? [p.loyalty] : [],
  };
  return out;
}

function typoDigit(rng: Random, s: string): string {
  const at = [...s].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
  const i = rng.pick(at);
  return s.slice(0, i) + String(rng.int(0, 9)) + s.slice(i + 1);
}
