import { Faker, base, en, en_US } from '@faker-js/faker';
import { AREA_CODES, CANADIAN_AREA_CODES, EMAIL_DOMAINS } from './catalog.js';
import { demoPhone } from './phones.js';

/** Who a demo customer really is: every identifier any system knows them by. */
export interface DemoIdentity {
  /** Position in the data set (personas first). */
  index: number;
  name: string;
  /** Primary email first; a second one makes a "twin" identity until something bridges them. */
  emails: string[];
  phoneE164: string;
  loyaltyId?: string;
  /** Online shop account ids, one per email (`externalIds.shopify`). */
  shopifyIds: string[];
  currency: 'USD' | 'CAD';
  /** Identifiers start out split across systems and merge during seeding. */
  fragmented: boolean;
  /** Events over the whole history (approximate: follow-ups may add a few). */
  eventTarget: number;
  /** History starts this many days before `now`. */
  historyDays: number;
  /** Personas' memorable order number: used for the bridging order (or the first order when not fragmented). */
  pinnedOrderNumber?: string;
}

export function demoFaker(seed: number[]): Faker {
  const f = new Faker({ locale: [en_US, en, base] });
  f.seed(seed);
  return f;
}

/** How busy a generic customer is: most 5–80 events (log-uniform), a few heavy ones over 1000. */
export function activityFor(f: Faker, index: number, heavyEvery: number): number {
  if (heavyEvery > 0 && index % heavyEvery === heavyEvery - 1) return f.number.int({ min: 1000, max: 1600 });
  return Math.round(5 * Math.pow(16, f.number.float({ min: 0, max: 1 })));
}

/** Pure function of (seed, index): the simulator re-derives customers without re-seeding. */
export function demoIdentity(seed: number, index: number, heavyEvery = 1000): DemoIdentity {
  const f = demoFaker([seed, index, 0]);
  const first = f.person.firstName();
  const last = f.person.lastName();
  const canadian = f.datatype.boolean({ probability: 0.06 });
  const area = f.helpers.arrayElement(canadian ? CANADIAN_AREA_CODES : AREA_CODES);
  const fragmented = f.datatype.boolean({ probability: 0.15 });
  const hasLoyalty = fragmented || f.datatype.boolean({ probability: 0.45 });
  const local = emailLocal(first, last, f.helpers.arrayElement(['dot', 'initial', 'plain', 'year']), index);
  const emails = [`${local}@${f.helpers.arrayElement(EMAIL_DOMAINS)}`];
  if (fragmented) emails.push(`${emailLocal(first, last, 'alt', index)}@${f.helpers.arrayElement(EMAIL_DOMAINS)}`);
  return {
    index,
    name: `${first} ${last}`,
    emails,
    phoneE164: demoPhone(area, index),
    ...(hasLoyalty ? { loyaltyId: `LOY-${200_000 + index}` } : {}),
    shopifyIds: emails.map((_, i) => String(7_000_000 + index * 2 + i)),
    currency: canadian ? 'CAD' : 'USD',
    fragmented,
    eventTarget: activityFor(f, index, heavyEvery),
    historyDays: f.number.int({ min: 30, max: 730 }),
  };
}

/** Always ends in the index: faker names repeat, emails must not (a shared email would merge two people). */
function emailLocal(first: string, last: string, style: 'dot' | 'initial' | 'plain' | 'year' | 'alt', index: number): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  const [fi, la] = [clean(first), clean(last)];
  switch (style) {
    case 'dot':
      return `${fi}.${la}${index}`;
    case 'initial':
      return `${fi[0] ?? 'x'}${la}${index}`;
    case 'plain':
      return `${fi}${la}${index}`;
    case 'year':
      return `${fi}.${la}.${index}`;
    case 'alt':
      return `${la}.${fi}.home${index}`;
  }
}
