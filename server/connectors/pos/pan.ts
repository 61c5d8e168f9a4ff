/*
 * Card data never enters the hub: anything that looks like a full PAN (13–19 digits, optionally
 * spaced or dashed, passing the Luhn check) is found anywhere in a payload and masked.
 * Product codes (sku/barcode/upc/ean/gtin fields) are exempt: EAN-13 barcodes pass Luhn 1 time in 10.
 */

const CANDIDATE = /(?<![\d])(?:\d[ -]?){12,18}\d(?![\d])/g;
const EXEMPT_KEYS = /^(sku|barcode|upc|ean|gtin|itemcode|productcode)$/i;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Full-PAN-looking runs in a string. */
export function findPans(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(CANDIDATE)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) out.push(m[0]);
  }
  return out;
}

export function maskPan(s: string): string {
  return s.replace(CANDIDATE, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? `****${digits.slice(-4)}` : m;
  });
}

/** Paths (`payment.note`, `lines[2].title`) of values holding a PAN-looking number. */
export function panPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return findPans(value).length ? [path || '(body)'] : [];
  if (typeof value === 'number') return Number.isInteger(value) && findPans(String(value)).length ? [path || '(body)'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => panPaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (EXEMPT_KEYS.test(k) ? [] : panPaths(v, path ? `${path}.${k}` : k)));
  }
  return [];
}

/** The payload with PANs masked (for what is kept of a rejected delivery). */
export function maskValue(value: unknown): unknown {
  if (typeof value === 'string') return maskPan(value);
  if (typeof value === 'number') return Number.isInteger(value) && findPans(String(value)).length ? maskPan(String(value)) : value;
  if (Array.isArray(value)) return value.map((v) => maskValue(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, EXEMPT_KEYS.test(k) ? v : maskValue(v)]));
  return value;
}
