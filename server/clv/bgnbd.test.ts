import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, expectedPurchases, expectedPurchasesNewCustomer, fitBgNbd, probabilityAlive, type BgNbdParams } from './bgnbd.js';
import { cdnowPresent, PUBLISHED_BGNBD, readCdnowSummary } from './cdnow-reference.js';

const within1pct = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(0.01);
const columns = (rows: { x: number; tx: number; T: number }[]) => ({
  x: Float64Array.from(rows, (r) => r.x),
  tx: Float64Array.from(rows, (r) => r.tx),
  T: Float64Array.from(rows, (r) => r.T),
});

describe('BG/NBD on the published CDNOW sample', () => {
  // Skipped when ../shared/data/clv (the CDNOW sample, outside the repo) is absent.
  it.skipIf(!cdnowPresent())('recovers r, alpha, a, b of Fader, Hardie & Lee (2005) within 1% (skipped when ../shared/data/clv is absent)', () => {
    const { params, logLikelihood } = fitBgNbd(columns(readCdnowSummary()));
    within1pct(params.r, PUBLISHED_BGNBD.r);
    within1pct(params.alpha, PUBLISHED_BGNBD.alpha);
    within1pct(params.a, PUBLISHED_BGNBD.a);
    within1pct(params.b, PUBLISHED_BGNBD.b);
    // FHL 2005 report LL = -9582.4 for this fit.
    expect(logLikelihood).toBeCloseTo(-9582.4, 0);
  });
});

describe('BG/NBD formulas', () => {
  const p: BgNbdParams = PUBLISHED_BGNBD;
  it('match an independent implementation (FHL 2005 eqs. 9, 10 with scipy.special.hyp2f1)', () => {
    expect(expectedPurchases(p, 2, 30.43, 38.86, 39)).toBeCloseTo(1.226028174767135, 9);
    expect(expectedPurchases(p, 50, 30, 38, 52)).toBeCloseTo(0.07857125682905387, 9);
    expect(expectedPurchases(p, 0, 0, 38.86, 1)).toBeCloseTo(0.005595657889482763, 11);
    expect(expectedPurchasesNewCustomer(p, 39)).toBeCloseTo(1.1967231933207985, 9);
    expect(expectedPurchasesNewCustomer(p, 78)).toBeCloseTo(1.8605190579427455, 9);
    expect(probabilityAlive(p, 0, 0, 38.86)).toBe(1);
    expect(probabilityAlive(p, 2, 30.43, 38.86)).toBeGreaterThan(probabilityAlive(p, 2, 10, 38.86));
  });

  it('expected purchases grow with the horizon and with frequency, and fall with a long silence', () => {
    for (const t of [1, 13, 52]) {
      expect(expectedPurchases(p, 3, 30, 38, t)).toBeLessThan(expectedPurchases(p, 3, 30, 38, t * 2));
      expect(expectedPurchases(p, 3, 30, 38, t)).toBeLessThan(expectedPurchases(p, 6, 30, 38, t));
      expect(expectedPurchases(p, 3, 5, 38, t)).toBeLessThan(expectedPurchases(p, 3, 30, 38, t));
    }
    expect(expectedPurchasesNewCustomer(p, 78)).toBeGreaterThan(expectedPurchasesNewCustomer(p, 39));
  });

  it('the likelihood is highest at the fitted parameters', () => {
    const data = columns([
      { x: 0, tx: 0, T: 30 },
      { x: 2, tx: 20, T: 30 },
      { x: 5, tx: 28, T: 35 },
      { x: 1, tx: 3, T: 38 },
    ]);
    const { params, logLikelihood } = fitBgNbd(data);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(bgnbdLogLikelihood({ ...params, [k]: params[k] * 1.1 }, data)).toBeLessThan(logLikelihood);
  });
});
