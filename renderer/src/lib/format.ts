import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/* Display formatting shared by every screen. Formatters are cached: Intl constructors are slow and rows are many. */

let phoneRegion: CountryCode = 'US';
// Configured per deployment on the page: `<html data-phone-region="GB">` (renderer/index.html); default US.
const configuredRegion = typeof document === 'undefined' ? undefined : document.documentElement.dataset['phoneRegion'];
if (configuredRegion) setPhoneRegion(configuredRegion);

/** The hub's home country: its phones read in national format (`(415) 555-0142`), others in international. Default US. */
export function setPhoneRegion(region: string): void {
  if (/^[A-Z]{2}$/.test(region)) phoneRegion = region as CountryCode;
}

/** `+14155550142` -> `(415) 555-0142` at home, `+44 20 7946 0958` abroad; anything unparseable as given. */
export function formatPhone(raw: string): string {
  const n = parsePhoneNumberFromString(raw, phoneRegion);
  if (!n || !n.isPossible()) return raw;
  // By calling code, not n.country: a made-up test or demo number (555) has no country but reads nationally too.
  return n.countryCallingCode === getCountryCallingCode(phoneRegion) ? n.formatNational() : n.formatInternational();
}

/** `email:maya@x.com` / `phone:+14155550142` (how the hub keys an identifier) -> `email maya@x.com` / `phone (415) 555-0142`. */
export function identifierWords(key: string): string {
  const i = key.indexOf(':');
  if (i < 0) return key;
  const kind = key.slice(0, i);
  const value = key.slice(i + 1);
  return `${kind === 'loyalty' ? 'loyalty card' : kind} ${kind === 'phone' ? formatPhone(value) : value}`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** One formatter per (kind, zone): every timeline row asks, and a new Intl.DateTimeFormat costs ~0.1–1 ms. null: an unknown zone. */
function zoneFormatter(kind: 'label' | 'time', timeZone: string | undefined): Intl.DateTimeFormat | null {
  const key = `${kind}|${timeZone ?? ''}`;
  let f = zoneFormatters.get(key);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat(undefined, kind === 'label' ? { timeZone, timeZoneName: 'short' } : { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    } catch {
      f = null;
    }
    zoneFormatters.set(key, f);
  }
  return f;
}

/** Time-zone label of this browser (`EST`, `GMT+1`): shown beside times so nobody guesses whose clock it is. */
export function zoneLabel(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return zoneFormatter('label', timeZone)?.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'long' });

/** For `title` on hover: `Wednesday, December 2, 2026 at 3:14:05 PM EST`. */
export function formatFull(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : fullFmt.format(d);
}

/** Clock time in another zone (a store's), labelled: `9:14 AM PST`; '' for an unknown zone. */
export function formatTimeIn(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return zoneFormatter('time', timeZone)?.format(d) ?? '';
}

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
