import { describe, expect, it } from 'vitest';
import { logHyp2f1 } from './hypergeometric.js';

// Reference values computed with mpmath 30-digit hyp2f1 (python3 -c "import mpmath; mpmath.mp.dps=30; mpmath.hyp2f1(a,b,c,z)").
const MPMATH: [number, number, number, number, number][] = [
  [0.5, 1.2, 2.3, 0.3, 1.0927708534843636],
  [1.243, 3.426, 3.219, 0.5, 2.526412985277381],
  [2.243, 4.426, 5.219, 0.9, 56.04758089457072],
  [10.243, 12.426, 12.219, 0.93, 1131349043842.84],
  [0.243, 2.426, 2.219, 0.99, 4.375261367408537],
  [3.5, 1.5, 4.0, 0.999, 2022.846894397321],
];

describe('logHyp2f1', () => {
  it.each(MPMATH)('2F1(%f, %f; %f; %f) matches mpmath', (a, b, c, z, want) => {
    expect(Math.exp(logHyp2f1(a, b, c, z)) / want - 1).toBeLessThan(1e-12);
    expect(Math.exp(logHyp2f1(a, b, c, z)) / want - 1).toBeGreaterThan(-1e-12);
  });

  it('stays finite where the value overflows a double (many repeat purchases)', () => {
    // mpmath: ln 2F1(50.243, 52.426; 52.219; 0.85) = 95.70289160779824
    expect(logHyp2f1(50.243, 52.426, 52.219, 0.85)).toBeCloseTo(95.70289160779824, 10);
    const huge = logHyp2f1(400.2, 402.4, 402.2, 0.9);
    expect(Number.isFinite(huge)).toBe(true);
    expect(huge).toBeGreaterThan(709); // e^709 is the largest double
  });

  it('agrees with closed forms on random arguments', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 200; i++) {
      const z = rnd() * 0.95;
      const a = 0.05 + rnd() * 20;
      const b = 0.05 + rnd() * 20;
      // 2F1(1, 1; 2; z) = -ln(1 - z) / z
      expect(logHyp2f1(1, 1, 2, z)).toBeCloseTo(Math.log(z === 0 ? 1 : -Math.log1p(-z) / z), 11);
      // 2F1(a, b; b; z) = (1 - z)^-a
      expect(logHyp2f1(a, b, b, z)).toBeCloseTo(-a * Math.log1p(-z), 9);
    }
  });

  it('is 1 at z = 0 and names bad arguments', () => {
    expect(logHyp2f1(2, 3, 4, 0)).toBe(0);
    expect(() => logHyp2f1(2, 3, 4, 1)).toThrow(/0 <= z < 1/);
    expect(() => logHyp2f1(-1, 3, 4, 0.5)).toThrow(/a, b, c > 0/);
  });
});

describe('logHyp2f1 with many purchases (Euler branch)', () => {
  it('matches mpmath where the direct series would need thousands of terms', () => {
    // mpmath: ln 2F1(400.243, 402.426; 402.219; 0.9), ln 2F1(1000.243, 1002.426; 1002.219; 0.95)
    expect(logHyp2f1(400.243, 402.426, 402.219, 0.9)).toBeCloseTo(922.0692824000741, 8);
    expect(logHyp2f1(1000.243, 1002.426, 1002.219, 0.95)).toBeCloseTo(2997.079964847478, 8);
  });
});
