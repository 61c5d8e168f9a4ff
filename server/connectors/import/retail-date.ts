/*
 * InvoiceDate as the public Online Retail data sets and their exports write it. No zone: the
 * retailer is in the UK, and its times are read as UTC (documented in docs/api.md).
 *   12/9/2011 12:50, 12/1/2010 8:26:00 AM, 12/1/10 8:26   month first: the UCI xlsx saved as CSV by Excel (US locale)
 *   09/12/2011 12:50, 9.12.2011 12:50, 09-12-2011 12:50   day first: European exports
 *   2011-12-09 12:50:00, 2011-12-09T12:50, 2011/12/09 12:50   year first: pandas / Online Retail II, ISO 8601 (a zone is honoured)
 *   40886.5347222222                                       an Excel serial date (the xlsx without date formatting)
 * Day-or-month-first is decided per row when a part is over 12, else by what the rest of the file
 * shows, else by the separator ('/' month first as in the UCI export; '.' and '-' day first).
 */

export type DateReader = (value: string) => number | null;

const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(.+))?$/;
const YEAR_LAST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?:[T ]+(.+))?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?\s*([AaPp][Mm])?\s*([zZ]|[+-]\d{2}:?\d{2})?$/;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;
/** Excel's day 0 (it counts 1900 as a leap year, so serials after Feb 1900 are days since 1899-12-30). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

type Order = 'month-first' | 'day-first';

/** A reader for one file's dates: `samples` (the file's own values) settle day-or-month-first. */
export function retailDateReader(samples: Iterable<string>): DateReader {
  let monthFirst = 0;
  let dayFirst = 0;
  for (const raw of samples) {
    const m = YEAR_LAST.exec(raw.trim());
    if (!m) continue;
    if (Number(m[1]) > 12 && Number(m[3]) <= 12) dayFirst++;
    else if (Number(m[3]) > 12 && Number(m[1]) <= 12) monthFirst++;
  }
  const fileOrder: Order | null = monthFirst > dayFirst ? 'month-first' : dayFirst > monthFirst ? 'day-first' : null;
  return (value) => parseRetailDate(value, fileOrder);
}

/** Epoch ms for one InvoiceDate, or null when it is not a real date and time. */
export function parseRetailDate(value: string, fileOrder: Order | null = null): number | null {
  const v = value.trim();
  if (EXCEL_SERIAL.test(v)) return Math.round(EXCEL_EPOCH_MS + Number(v) * 86_400_000);
  const ymd = YEAR_FIRST.exec(v);
  if (ymd) return build(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), ymd[4]);
  const dmy = YEAR_LAST.exec(v);
  if (!dmy) return null;
  const [a, sep, b, y] = [Number(dmy[1]), dmy[2]!, Number(dmy[3]), dmy[4]!];
  const year = y.length === 4 ? Number(y) : 2000 + Number(y) - (Number(y) >= 70 ? 100 : 0);
  const order: Order = a > 12 ? 'day-first' : b > 12 ? 'month-first' : (fileOrder ?? (sep === '/' ? 'month-first' : 'day-first'));
  return order === 'month-first' ? build(year, a, b, dmy[5]) : build(year, b, a, dmy[5]);
}

function build(year: number, month: number, day: number, time: string | undefined): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  let h = 0;
  let min = 0;
  let s = 0;
  let ms = 0;
  let offsetMin: number | null = 0;
  if (time !== undefined) {
    const t = TIME.exec(time.trim());
    if (!t) return null;
    [h, min, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
    ms = t[4] ? Math.round(Number(`0.${t[4]}`) * 1000) : 0;
    const meridiem = t[5]?.toUpperCase();
    if (meridiem) {
      if (h < 1 || h > 12) return null;
      h = (h % 12) + (meridiem === 'PM' ? 12 : 0);
    }
    if (h > 23 || min > 59 || s > 59) return null;
    offsetMin = zoneOffsetMinutes(t[6]);
    if (offsetMin === null) return null;
  }
  const at = new Date(Date.UTC(2000, month - 1, day, h, min, s, ms));
  at.setUTCFullYear(year); // Date.UTC would read years 0-99 as 1900-1999
  return at.getTime() - offsetMin * 60_000;
}

/** `Z`, `+01:00`, `-0500` -> minutes east of UTC; none -> 0 (UTC); out of range -> null. */
function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 14 || minutes > 59) return null;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}
