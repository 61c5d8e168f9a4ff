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

interface Node {
  value: unknown;
  parent: Node | null;
  /** Key in the parent: a property name or an array index. */
  key: string | number | null;
}

function pathOf(node: Node): string {
  const parts: string[] = [];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) parts.push(typeof n.key === 'number' ? `[${n.key}]` : `.${n.key}`);
  const path = parts.reverse().join('');
  return path === '' ? '(body)' : path.replace(/^\./, '');
}

/** Most paths reported for one payload (the first few are enough to find the field). */
const MAX_PATHS = 50;

/**
 * Paths (`payment.note`, `lines[2].title`) of values holding a PAN-looking number. Walks with an
 * explicit stack, never recursion: a body nested thousands of levels deep must not overflow it.
 */
export function panPaths(value: unknown): string[] {
  const out: string[] = [];
  const stack: Node[] = [{ value, parent: null, key: null }];
  while (stack.length > 0 && out.length < MAX_PATHS) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (findPans(v).length) out.push(pathOf(node));
    } else if (typeof v === 'number') {
      if (Number.isInteger(v) && findPans(String(v)).length) out.push(pathOf(node));
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], parent: node, key: i });
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v).filter(([k]) => !EXEMPT_KEYS.test(k));
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], parent: node, key: entries[i]![0] });
    }
  }
  return out;
}
