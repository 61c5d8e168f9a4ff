import { KeyValues } from './KeyValues.js';

/** Any channel or shape we have no renderer for: its data as key/value, nested values as JSON. */
export function FallbackDetails({ data }: { data: Record<string, unknown> }) {
  const rows = Object.entries(data).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  return rows.length > 0 ? <KeyValues rows={rows} /> : <p className="muted">No details.</p>;
}
