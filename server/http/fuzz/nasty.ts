import fc from 'fast-check';

/*
 * Generators for hostile input: strings and JSON values the team never wrote by hand. Test support
 * for the ingest fuzz suite (not imported by production code).
 */

/** A JSON text fragment spliced verbatim into a body (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON.stringify, except RawJson leaves are written as their raw text. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  if (raws.length === 0) return text ?? 'null';
  return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i: string) => raws[Number(i)]!);
}

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'lone-\ud800', 'L\udfff', 'x\udc00y', '\ud83d'];
const CONTROL = ['\u0000', 'a\u0000b', '\u0000\u0000', '\u0001\u001f', '\u007f', '\u2028\u2029', '\ufeff', '\u200b\u200d', '\u202e', '\r\n', '\t'];
const NORMALIZATION = ['é', 'e\u0301', 'Å', 'A\u030a', '\u212b', 'ﬁ', 'fi', '１２３４', 'Ⅻ', 'ß', 'SS', 'İ', 'ı', 'ǅ', '한', '\u1112\u1161\u11ab'];
const NUMBERISH = ['NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '-0', '0x1F', '1_000', '9007199254740993', '1e-400', ' 12 ', '', ' ', 'null', 'undefined', 'true', '[object Object]'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const INJECTION = ["' OR 1=1 --", '\\', '%', '_', '"', '<script>alert(1)</script>', '${7*7}', '../../etc/passwd', '\\u0000', '%00', '%2B%E0%A4%A'];
const EMOJI = ['😀', '👩‍👩‍👧‍👦', '🇺🇸', '\ud83d\ude00'];

/** Extreme and malformed timestamps: window edges, year 9999, rollovers, odd offsets, non-ISO. */
export const EXTREME_DATES = [
  '9999-12-31T23:59:59.999999Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '1899-12-31T23:59:59.999999Z',
  '1900-01-01T00:00:00Z',
  '1900-01-01T00:30:00+01:00',
  '1969-12-31T23:59:59.999999Z',
  '1970-01-01T00:00:00Z',
  '2199-12-31T23:59:59.999999Z',
  '2199-12-31T23:00:00-01:00',
  '2200-01-01T00:00:00Z',
  '2255-06-05T23:47:34.740992Z',
  '+275760-09-13T00:00:00Z',
  '2024-02-29T12:00:00Z',
  '2023-02-29T12:00:00Z',
  '2024-02-30T00:00:00Z',
  '2024-04-31T10:00:00Z',
  '2024-01-01T24:00:00Z',
  '2016-12-31T23:59:60Z',
  '2024-05-01T10:00:00+23:59',
  '2024-05-01T10:00:00-14:00',
  '2024-05-01T10:00:00+25:00',
  '2024-05-01T10:00:00.123456789Z',
  '2024-05-01T10:00:00.1234567890123Z',
  '2024-05-01T10:00:00',
  '2024-05-01',
  '2024-05-01t10:00:00z',
  'Tue, 01 May 2024 10:00:00 +0000',
  'yesterday',
  '',
];

/** Hostile strings, mixed with ordinary ones so structures still reach the mapping code. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LONE_SURROGATES, ...CONTROL, ...NORMALIZATION, ...NUMBERISH, ...PROTO_KEYS, ...INJECTION, ...EMOJI, ...EXTREME_DATES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udc00', 'a', '1', ' ', '-', '+', '@', 'é', '\u0301'), maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('a', '7', '\u0000', 'é', '😀'), fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 257, max: 2100 }) }, { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 70_000 }) })).map(([c, n]) => c.repeat(n)) },
);

/** Numbers JSON text can hold but JavaScript or SQL cannot (overflow to Infinity, beyond 2^53, subnormal, -0). */
export const nastyNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom<number | RawJson>(0, -0, -1, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e21, 8.64e15, -8.64e15, 0.1 + 0.2),
  fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'), new RawJson('9007199254740993'), new RawJson('123456789012345678901234567890'), new RawJson('1E+2'), new RawJson('-0.0e-0')),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/**
 * Arrays or objects nested far deeper than any real payload (a recursive walker overflows the stack).
 * Mostly just past the accepted depth; the huge ones are rare because each costs real parse time.
 */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 30, max: 80 }) }, { weight: 1, arbitrary: fc.constantFrom(5000, 20_000, 100_000) }), fc.boolean())
  .map(([depth, arrays]) => new RawJson(arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** Any hostile JSON value for a field that expects something specific. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { __proto__: null }) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.dictionary(fc.oneof(nastyString, fc.constantFrom(...PROTO_KEYS)), nastyString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 4 }) },
);

/** A field that is usually `valid` but sometimes hostile, and sometimes missing (undefined drops the key). */
export function mostly<T>(valid: fc.Arbitrary<T>, nastyWeight = 1): fc.Arbitrary<T | unknown> {
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: nastyWeight, arbitrary: nastyValue }, { weight: 1, arbitrary: fc.constant(undefined) });
}

/** Keys for free-form objects (event `data`), prototype keys included. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('note', 'orderNumber', 'receiptNumber', 'total', 'status', 'lines') }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) }, { weight: 1, arbitrary: nastyString });

/** A plausible timestamp, or now and then an extreme one. */
export const timestamp: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1_500_000_000, max: 1_800_000_000 })).map(([us, s]) => `${new Date(s * 1000).toISOString().slice(0, 19)}.${String(us).padStart(6, '0')}Z`) },
  { weight: 2, arbitrary: fc.constantFrom(...EXTREME_DATES) },
);

/** Ordinary identifiers from a small pool (so deliveries collide, retry and merge), sometimes hostile. */
export const email = fc.oneof(fc.constantFrom('ana@example.com', 'Bo.Li@Example.COM', 'cy+tag@example.org', 'dee@exämple.de', 'e\u0301d@example.com'), fc.emailAddress());
export const phone = fc.constantFrom('+14155550142', '(415) 555-0143', '415.555.0144', '+44 20 7946 0958', '+1 415 555 0142 ext 9', '000', '+999999999999999999');
export const loyaltyId = fc.oneof(fc.constantFrom('L1001', 'L1002', 'l1001', 'L\udfff', 'L\u0000', ' L1003 '), fc.stringMatching(/^[A-Z]{1,3}\d{3,8}$/));
export const smallId = (prefix: string) => fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => `${prefix}${n}`) }, { weight: 1, arbitrary: nastyString });
