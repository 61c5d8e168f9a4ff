import { isNickname } from './nicknames.js';
import { editDistance, jaroWinkler } from './strings.js';

/** compare.ts's agreement level (-1 missing … 2 agree), spelled out so the two files do not import each other. */
type Level = -1 | 0 | 1 | 2;

/*
 * Given names: same person or not? Agree when equal; partial for listed nicknames, clipped or diminutive forms
 * (Walt/Walter, Vinny/Vincent, Tina/Christina), an initial, or a typing slip; disagree otherwise — and always
 * for the male/female forms of one name (Eric/Erica, Mario/Maria, Justin/Justine), which siblings and twins carry.
 */

const FEMININE = ['ietta', 'iette', 'etta', 'ette', 'ine', 'ina', 'elle', 'ella', 'ia', 'na', 'a', 'e'];
const MASCULINE = /(?:ael|us|o|e|y)$/;

/**
 * Brother/sister forms of one name: Eric/Erica, Mario/Maria, Henry/Henrietta, Joseph/Josephine, Michael/Michelle,
 * Christian/Christina, Francis/Frances. One side must carry a feminine ending; the roots left must agree.
 */
export function isGenderVariant(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length >= 5 && b.length === a.length && a.slice(0, -2) === b.slice(0, -2) && new Set([a.slice(-2), b.slice(-2)]).has('is') && new Set([a.slice(-2), b.slice(-2)]).has('es')) return true;
  return feminineOf(a, b) || feminineOf(b, a);
}

function feminineOf(male: string, female: string): boolean {
  // Maria/Marie, Lucia/Lucie: both feminine spellings of one name.
  if (male.endsWith('a') || male.endsWith('ie')) return false;
  const maleRoot = male.replace(MASCULINE, '');
  for (const suffix of FEMININE) {
    if (!female.endsWith(suffix)) continue;
    const root = female.slice(0, -suffix.length);
    // Ann/Anne, Jo/Joe: a bare -e on a short name is a spelling, not a gender.
    if (root.length < 3 || (suffix === 'e' && root.length < 5)) continue;
    if (root === male || (maleRoot.length >= 3 && root === maleRoot)) return true;
    // Christian/Christina, Patrick/Patricia: long roots that differ only in their last letter.
    if (root.length >= 6 && /[^aeiouy]$/.test(male) && male.length >= root.length && male.startsWith(root.slice(0, -1)) && editDistance(root, male, 1) <= 1) return true;
  }
  return false;
}

/** Diminutive endings a familiar form may carry on top of a clipped name (Vinny, Wally, Kimmy, Vince). */
const DIMINUTIVE = /(?:ny|nie|ly|lie|my|mie|die|ty|sy|sie|ie|ey|y|i|o|e)$/;

/** Walt/Walter, Greg/Gregory, Vinny/Vincent, Wally/Walter, Tina/Christina, Lupe/Guadalupe. */
export function isClippedForm(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 3 || long.length - short.length < 1) return false;
  if (long.startsWith(short)) return true;
  const stem = short.replace(DIMINUTIVE, '');
  if (stem.length >= 3 && stem !== short && long.startsWith(stem) && long.length > stem.length + 1) return true;
  // A familiar form made of the name's end: Tina/Christina, Lupe/Guadalupe, Xander/Alexander (3+ letters cut off).
  return short.length >= 4 && long.length - short.length >= 3 && long.endsWith(short);
}

function tokenLevel(a: string, b: string): Level {
  if (a === b) return 2;
  if (isGenderVariant(a, b)) return 0;
  if (isNickname(a, b)) return 1;
  // One initial against a name starting with it is weak agreement.
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 1;
  if (isClippedForm(a, b)) return 1;
  // A typing slip: same first letter (Ryan and Bryan are two names), close overall, few edits (short names allow one).
  const maxEdits = Math.min(a.length, b.length) >= 5 ? 2 : 1;
  return a[0] === b[0] && jaroWinkler(a, b) >= 0.88 && editDistance(a, b, maxEdits) <= maxEdits ? 1 : 0;
}

/** Compares two cleaned given names; with several words ("ann marie"), the best-matching pair of words counts. */
export function givenNameLevel(a: string, b: string): Level {
  if (a === b) return 2;
  const ta = a.split(' ');
  const tb = b.split(' ');
  if (ta.length === 1 && tb.length === 1) return tokenLevel(a, b);
  if (ta.join('') === tb.join('')) return 2;
  let best: Level = 0;
  for (const x of ta) for (const y of tb) best = Math.max(best, tokenLevel(x, y)) as Level;
  // Only the first words agreeing is full agreement; another word agreeing is partial.
  return best === 2 && ta[0] !== tb[0] ? 1 : best;
}
