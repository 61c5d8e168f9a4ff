import type { Random } from './random.js';

/* Record-entry noise for the household generator: typing slips, OCR confusions, lost accents, mojibake. */

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One typing slip: insert, delete, substitute or swap two neighbours (never the first letter: people get that right). */
export function typo(rng: Random, s: string): string {
  if (s.length < 3) return s;
  const i = rng.int(1, s.length - 1);
  switch (rng.int(0, 3)) {
    case 0:
      return s.slice(0, i) + rng.pick([...LETTERS]) + s.slice(i);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + rng.pick([...LETTERS]) + s.slice(i + 1);
    default:
      return i < s.length - 1 ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i - 1) + s[i] + s[i - 1];
  }
}

const OCR: readonly (readonly [RegExp, string])[] = [
  [/o/, '0'], [/l/, '1'], [/i/, 'l'], [/s/, '5'], [/m/, 'rn'], [/rn/, 'm'], [/e/, 'c'], [/b/, '8'], [/g/, '9'], [/cl/, 'd'], [/O/, '0'], [/S/, '5'], [/B/, '8'],
];

/** One scanner confusion (o/0, l/1, rn/m, …) where the string allows it. */
export function ocr(rng: Random, s: string): string {
  const options = OCR.filter(([re]) => re.test(s));
  if (options.length === 0) return s;
  const [re, to] = rng.pick(options);
  return s.replace(re, to);
}

/** Digits a scanner misreads as letters (0 -> O, 1 -> l, 5 -> S, 8 -> B). */
export function ocrDigits(rng: Random, s: string): string {
  const map: Record<string, string> = { '0': 'O', '1': 'l', '5': 'S', '8': 'B' };
  const at = [...s].map((c, i) => (map[c] ? i : -1)).filter((i) => i >= 0);
  if (at.length === 0) return s;
  const i = rng.pick(at);
  return s.slice(0, i) + map[s[i]!]! + s.slice(i + 1);
}

export function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** UTF-8 bytes read as Latin-1 ("José" -> "JosÃ©"), the classic import bug. */
export function mojibake(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}
