/* String comparators for record linkage. Pure functions, no allocation beyond small arrays. */

/** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 chars). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 0 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  const aMatch = new Uint8Array(la);
  const bMatch = new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatch[j] || a.charCodeAt(i) !== b.charCodeAt(j)) continue;
      aMatch[i] = 1;
      bMatch[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Optimal-string-alignment distance: edits incl. adjacent transpositions ("1234" vs "1324" = 1). */
export function editDistance(a: string, b: string, max = Infinity): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // The hot case (dates, postcodes, street numbers): "at most one edit?" answered by one scan, no allocation.
  if (max === 1) return a === b ? 0 : withinOneEdit(a, b) ? 1 : 2;
  let prev2 = new Array<number>(lb + 1).fill(0);
  let prev = Array.from({ length: lb + 1 }, (_, j) => j);
  let cur = new Array<number>(lb + 1).fill(0);
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[lb]!;
}

/** One substitution, insertion, deletion or adjacent transposition apart (lengths differ by at most 1). */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === a.length) return true;
    // Substitution at i, or transposition of i and i+1.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < a.length && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === l.charCodeAt(i)) i++;
  return s.slice(i) === l.slice(i + 1);
}

const SOUNDEX: Record<string, string> = {
  b: '1', f: '1', p: '1', v: '1',
  c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
  d: '3', t: '3',
  l: '4',
  m: '5', n: '5',
  r: '6',
};

/** American Soundex ("robert" -> R163); '' for a string without letters. */
export function soundex(s: string): string {
  const letters = s.toLowerCase().replace(/[^a-z]/g, '');
  if (!letters) return '';
  let out = letters[0]!.toUpperCase();
  let last = SOUNDEX[letters[0]!] ?? '';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters[i]!;
    const code = SOUNDEX[ch] ?? '';
    if (code && code !== last) out += code;
    // h and w do not separate equal codes; vowels do.
    if (ch !== 'h' && ch !== 'w') last = code;
  }
  return out.padEnd(4, '0');
}

/** Lower-case, accents stripped, punctuation to spaces, single spaces. */
export function clean(s: string | null | undefined): string {
  if (!s) return '';
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9@.+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/* UTF-8 read as Latin-1 leaves "Ã" or "Â" followed by a byte in 0x80–0xBF ("JosÃ©"). */
const MOJIBAKE = /[\u00c2-\u00c3\u00c5][\u0080-\u00bf]/;

/** "JosÃ©" -> "José": undoes one round of UTF-8-as-Latin-1, only when the result is valid UTF-8. */
export function repairMojibake(s: string): string {
  if (!MOJIBAKE.test(s) || /[\u0100-\uffff]/.test(s)) return s;
  const fixed = Buffer.from(s, 'latin1').toString('utf8');
  return fixed.includes('\ufffd') ? s : fixed;
}
