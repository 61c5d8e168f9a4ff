/*
 * How names are compared in search: `customers.search_name` holds the folded display name, and queries
 * are folded the same way before they reach an index, so "José", "JOSE" and "jose" all meet at "jose".
 */

/** Lower case, diacritics removed (NFKD, combining marks dropped), whitespace collapsed. */
export function searchName(displayName: string): string {
  return displayName.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Words of a folded name or query: runs of letters and digits. */
export function nameWords(folded: string): string[] {
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function trigrams(folded: string): Set<string> {
  const out = new Set<string>();
  // pg_trgm's convention: each word padded with two spaces before and one after.
  for (const w of nameWords(folded)) {
    const padded = `  ${w} `;
    const chars = Array.from(padded);
    for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  }
  return out;
}

/** Shared trigrams over all trigrams (0..1), as pg_trgm's similarity(): ranks substring hits, same on both backends. */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (ta.size === 0 || tb.size === 0) return a === b ? 1 : 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/** The name starts with the query, or every query word starts a word of the name ("lee ann" -> "Ann Lee"). */
export function isNamePrefixMatch(foldedName: string, foldedQuery: string): boolean {
  if (foldedName.startsWith(foldedQuery)) return true;
  const words = nameWords(foldedName);
  const queryWords = nameWords(foldedQuery);
  return queryWords.length > 0 && queryWords.every((q) => words.some((w) => w.startsWith(q)));
}
