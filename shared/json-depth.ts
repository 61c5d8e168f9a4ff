/*
 * How deeply a JSON value nests, measured without recursion (a hostile body can nest arrays
 * millions deep; a recursive walk would overflow the stack and answer 500).
 */

/** Deepest nesting of objects/arrays in `value` (a scalar is 0, `[]` is 1), counted up to `limit + 1`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d]);
  }
  return deepest;
}

/** Deepest nesting accepted in an event's `data` (real payloads use a handful of levels). */
export const MAX_DATA_DEPTH = 32;
