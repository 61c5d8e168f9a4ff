import { isValidPhoneNumber } from 'libphonenumber-js';

/** The ways people and systems write the same North American number. */
export const PHONE_FORMATS = ['e164', 'international', 'national', 'dots', 'dashes'] as const;
export type PhoneFormat = (typeof PHONE_FORMATS)[number];

/** `+14155550142` -> `(415) 555-0142`, `+1 415 555 0142`, `415.555.0142`, … */
export function formatPhone(e164: string, format: PhoneFormat): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (!m) return e164;
  const [, a, b, c] = m;
  switch (format) {
    case 'e164':
      return e164;
    case 'international':
      return `+1 ${a} ${b} ${c}`;
    case 'national':
      return `(${a}) ${b}-${c}`;
    case 'dots':
      return `${a}.${b}.${c}`;
    case 'dashes':
      return `${a}-${b}-${c}`;
  }
}

/**
 * A valid, unique-per-index number: `index` is spread over (exchange, line) by a bijection,
 * so two demo customers never share a phone (which would merge them by accident).
 * Exchange 555 (reserved for the personas) and N11 codes are moved into the unused 2xx range.
 */
export function demoPhone(areaCode: string, index: number): string {
  const x = (index * 104_729) % 7_000_000; // 104729 is prime, coprime to 7e6: a permutation of 0..7e6-1
  let exchange = 300 + Math.floor(x / 10_000);
  if (exchange === 555) exchange = 255;
  else if (exchange % 100 === 11) exchange = 200 + Math.floor(exchange / 100);
  const line = String(x % 10_000).padStart(4, '0');
  const e164 = `+1${areaCode}${exchange}${line}`;
  if (!isValidPhoneNumber(e164)) throw new Error(`demo phone ${e164} is not valid`);
  return e164;
}
