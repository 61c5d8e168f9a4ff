import { z } from 'zod';

/**
 * ISO 8601 timestamp that MUST carry an offset (Z or +hh:mm). Sub-millisecond digits are kept:
 * storage orders by integer microseconds so two events 1 µs apart never collide or swap.
 */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true, precision: undefined, message: 'must be an ISO 8601 date-time with an offset, e.g. 2024-05-01T10:00:00Z' });

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an ISO 8601 date-time with offset to epoch microseconds, or null when invalid. */
export function isoToMicros(iso: string): number | null {
  const m = ISO_RE.exec(iso);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', off] = m;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s.padStart(2, '0')}${off!.toUpperCase() === 'Z' ? 'Z' : normalizeOffset(off!)}`);
  if (Number.isNaN(ms)) return null;
  const micros = Number((frac + '000000').slice(0, 6));
  return ms * 1000 + micros;
}

function normalizeOffset(off: string): string {
  return off.includes(':') ? off : `${off.slice(0, 3)}:${off.slice(3)}`;
}

/** Epoch microseconds to a UTC ISO string with 6 fractional digits (lossless round trip). */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = us - ms * 1000;
  const base = new Date(ms).toISOString(); // 2024-01-01T00:00:00.123Z
  return `${base.slice(0, 23)}${String(rest).padStart(3, '0')}Z`;
}
