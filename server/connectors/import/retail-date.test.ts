import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetailDate, retailDateReader } from './retail-date.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Minute-precision instants over the years retail exports come from. */
const instant = fc.integer({ min: Date.UTC(1990, 0, 1) / 60_000, max: Date.UTC(2040, 0, 1) / 60_000 }).map((m) => new Date(m * 60_000));

/** The same instant as each export writes it (UCI/Excel US, European, pandas, ISO). */
function written(d: Date): { text: string; order: 'month-first' | 'day-first' | null }[] {
  const [y, mo, day, h, mi] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const ampm = h < 12 ? 'AM' : 'PM';
  return [
    { text: `${mo}/${day}/${y} ${h}:${pad(mi)}`, order: 'month-first' },
    { text: `${pad(mo)}/${pad(day)}/${y} ${pad(h)}:${pad(mi)}:00`, order: 'month-first' },
    { text: `${mo}/${day}/${y} ${h12}:${pad(mi)}:00 ${ampm}`, order: 'month-first' },
    { text: `${mo}/${day}/${pad(y % 100)} ${h}:${pad(mi)}`, order: 'month-first' },
    { text: `${pad(day)}/${pad(mo)}/${y} ${pad(h)}:${pad(mi)}`, order: 'day-first' },
    { text: `${day}.${mo}.${y} ${h}:${pad(mi)}`, order: 'day-first' },
    { text: `${pad(day)}-${pad(mo)}-${y} ${pad(h)}:${pad(mi)}`, order: 'day-first' },
    { text: `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}:00`, order: null },
    { text: `${y}-${pad(mo)}-${pad(day)} ${pad(h)}:${pad(mi)}`, order: null },
    { text: `${y}-${pad(mo)}-${pad(day)}T${pad(h)}:${pad(mi)}:00.000Z`, order: null },
    { text: `${y}/${pad(mo)}/${pad(day)} ${pad(h)}:${pad(mi)}`, order: null },
  ];
}

describe('retail InvoiceDate formats', () => {
  it('the data set’s own format, 12/9/2011 12:50, is 9 December 2011 12:50', () => {
    expect(new Date(parseRetailDate('12/9/2011 12:50')!).toISOString()).toBe('2011-12-09T12:50:00.000Z');
    expect(new Date(parseRetailDate('12/1/2010 8:26')!).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(parseRetailDate('2010-12-01 08:26:00')!).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(parseRetailDate('40886.5347222222')!).toISOString()).toBe('2011-12-09T12:50:00.000Z'); // Excel serial
    expect(new Date(parseRetailDate('2011-12-09T12:50:00+01:00')!).toISOString()).toBe('2011-12-09T11:50:00.000Z');
  });

  it('reads every export’s way of writing any instant back to that instant', () => {
    fc.assert(
      fc.property(instant, (d) => {
        for (const { text, order } of written(d)) expect([text, parseRetailDate(text, order)]).toEqual([text, d.getTime()]);
      }),
      { numRuns: 400 },
    );
  });

  it('settles day-or-month-first from the rest of the file when a value is ambiguous', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 30, maxLength: 60 }), (dates) => {
        const usFile = dates.map((d) => written(d)[0]!.text);
        const euFile = dates.map((d) => written(d)[4]!.text);
        // With 30+ random dates some day is over 12, which settles the order for the whole file.
        fc.pre(dates.some((d) => d.getUTCDate() > 12));
        const us = retailDateReader(usFile);
        const eu = retailDateReader(euFile);
        dates.forEach((d, i) => {
          expect(us(usFile[i]!)).toBe(d.getTime());
          expect(eu(euFile[i]!)).toBe(d.getTime());
        });
      }),
      { numRuns: 100 },
    );
  });

  it('rejects what is not a real date and time', () => {
    for (const bad of ['', 'NA', 'yesterday', '2/30/2011 10:00', '13/13/2011 10:00', '12/9/2011 24:00', '12/9/2011 12:60', '12/9/2011 13:00 PM', '2011-02-29 10:00', '2011-12-09 12:50:00+15:00', '12/9/2011 12:50 extra'])
      expect([bad, parseRetailDate(bad)]).toEqual([bad, null]);
    expect(parseRetailDate('2012-02-29 10:00')).toBe(Date.UTC(2012, 1, 29, 10));
  });
});
