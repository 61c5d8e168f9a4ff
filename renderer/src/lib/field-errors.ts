import { HubError } from '../api/hub-error.js';

/**
 * A refusal from the hub split for a form: the message for each field it names (shown beside that field)
 * and one sentence for the rest. `teamIds.0` counts as `teamIds`.
 */
export function fieldErrors(err: unknown): { byField: Record<string, string>; summary: string | null } {
  if (!err) return { byField: {}, summary: null };
  if (!(err instanceof HubError)) return { byField: {}, summary: err instanceof Error ? err.message : String(err) };
  const byField: Record<string, string> = {};
  for (const i of err.issues) {
    const field = i.path.split('.')[0] ?? '';
    // `authorization` (a 401/403) is no field of any form: it goes to the sentence for the whole form.
    if (field && field !== '(body)' && field !== 'authorization' && !byField[field]) byField[field] = sentence(i.message);
  }
  const named = Object.keys(byField).length > 0;
  return { byField, summary: named ? null : sentence(err.status === 403 ? `Not allowed: ${err.message}` : err.message) };
}

/** `email is taken` -> `Email is taken.` */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const c = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(c) ? c : `${c}.`;
}

/** One sentence for a whole form: the fields' messages (`The current password is wrong.`), else the hub's message; null without an error. */
export function refusalText(err: unknown): string | null {
  if (!err) return null;
  const { byField, summary } = fieldErrors(err);
  return summary ?? Object.values(byField).join(' ');
}
