import { z } from 'zod';

/*
 * Text that both backends store exactly. PostgreSQL `text` cannot hold NUL (U+0000) at all, and a
 * lone UTF-16 surrogate has no UTF-8 form, so drivers store U+FFFD instead: the value read back is
 * not the value sent (an id would then miss its own duplicate lookup). Such strings are refused
 * wherever a value lands in a text column (ids, identifiers, names, summaries), with a 400 naming
 * the field. Strings inside an event's `data` are stored as escaped JSON and kept exactly.
 */

const LONE_SURROGATE = /\p{Cs}/u;

/** Why `s` cannot be stored as text exactly, or null when it can. */
export function unstorableTextReason(s: string): string | null {
  if (s.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  const lone = LONE_SURROGATE.exec(s);
  if (lone) return `must be valid Unicode: contains a lone UTF-16 surrogate (\\u${lone[0].charCodeAt(0).toString(16)})`;
  return null;
}

/** A display copy of free text with NUL and lone surrogates replaced by U+FFFD (the exact text is kept elsewhere). */
export function storableCopy(s: string): string {
  return unstorableTextReason(s) === null ? s : s.replaceAll('\u0000', '\ufffd').replace(/\p{Cs}/gu, '\ufffd');
}

/** Adds the storable-text rule to a string schema (chain it after trim/min/max). */
export function storable<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, ctx) => {
    const reason = unstorableTextReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason, input: value });
  });
}
