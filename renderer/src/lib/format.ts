/* Display formatting shared by every screen. Formatters are cached: Intl constructors are slow and rows are many. */

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** `129.5, 'USD'` -> `$129.50`. Falls back to `129.50 XYZ` for codes Intl does not know. */
export function formatMoney(amount: number, currency: string, locale?: string): string {
  const code = currency.toUpperCase();
  const key = `${locale ?? ''}|${code}`;
  let f = moneyFormatters.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    } catch {
      return `${amount.toFixed(2)} ${code}`;
    }
    moneyFormatters.set(key, f);
  }
  return f.format(amount);
}

/** Seconds to `m:ss` (`245` -> `4:05`), or `h:mm:ss` from an hour up. */
export function formatDuration(totalSec: number): string {
  if (!Number.isFinite(totalSec) || totalSec < 0) return '–';
  const s = Math.round(totalSec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Local clock time, e.g. `14:05`. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : timeFmt.format(d);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '–' : dateTimeFmt.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '–' : dateFmt.format(d);
}

/** Compact age for lists: `just now`, `5m ago`, `3h ago`, `2d ago`, then a date. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return 'no activity';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '–';
  const min = Math.floor((now - t) / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min}m ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}h ago`;
  const d = Math.floor(h / 24);
  if (d < 30) return `${d}d ago`;
  return formatDate(iso);
}

/** `1234` -> `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString();
}
