import { randomBytes } from 'node:crypto';

/*
 * Prefixed ULIDs (`cus_01J…`, `evt_01J…`): 48-bit ms time + 80 random bits, Crockford base32.
 * Monotonic within the process (same ms -> random part + 1), so ids sort in creation order;
 * the timeline's tie-break on equal timestamps and "oldest customer survives" rely on that.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastMs = -1;
let lastRand: number[] = [];

export type IdPrefix = 'cus' | 'evt' | 'mrg' | 'usr' | 'ses';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

export function ulid(now = Date.now()): string {
  if (now <= lastMs) {
    increment(lastRand);
  } else {
    lastMs = now;
    lastRand = Array.from(randomBytes(16), (b) => b % 32);
  }
  let time = '';
  let t = lastMs;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  return time + lastRand.map((d) => ALPHABET[d]).join('');
}

function increment(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i--) {
    if (digits[i]! < 31) {
      digits[i]!++;
      return;
    }
    digits[i] = 0;
  }
}
