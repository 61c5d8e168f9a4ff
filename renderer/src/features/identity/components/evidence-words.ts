import { formatDate, formatPhone } from '../../../lib/format.js';

/** A match probability in words: agents decide on the evidence, not on a number. */
export function matchWords(score: number): string {
  if (score >= 0.9) return 'Strong match';
  if (score >= 0.6) return 'Likely match';
  if (score >= 0.3) return 'Possible match';
  return 'Weak match';
}

/**
 * One side of a compared field the way a person writes it, when the hub sent no `…Entered` value (it does
 * where it knows what the source sent: server/identity/matching/entered-values.ts). The matcher compares normalized values
 * (`19840312`, lower-case names, E.164 phones); shown back they read as typed: a date, capitalized names, a phone.
 */
export function evidenceValue(field: string, value: string | null): string {
  if (value === null || value === '') return '—';
  if (field === 'dob') {
    const m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
    return m ? formatDate(`${m[1]}-${m[2]}-${m[3]}T12:00:00Z`) : value;
  }
  if (field === 'phone') return formatPhone(value);
  if (field === 'email') return value;
  if (['givenName', 'surname', 'address', 'locality', 'suffix'].includes(field) && value === value.toLowerCase()) {
    return value.replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
  }
  if (field === 'state' && value.length <= 3) return value.toUpperCase();
  return value;
}
