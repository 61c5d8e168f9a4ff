/*
 * Gauss hypergeometric function 2F1(a, b; c; z) for the BG/NBD conditional expectation.
 * No maintained JS package provides it, so it is written here and tested against mpmath reference values.
 * The model only needs a, b, c > 0 and 0 <= z < 1, where every term of the series is positive; for many
 * repeat purchases the value is astronomically large (1e40 at x = 50), so the sum is kept as a mantissa
 * and a log scale, and the function returns ln 2F1.
 */

const RESCALE_ABOVE = 1e200;
const MAX_TERMS = 500_000;

/**
 * ln 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1, to ~1e-13 relative.
 * With large a and b (a customer with many purchases) the direct series climbs for thousands of terms
 * before it falls; Euler's transformation 2F1(a, b; c; z) = (1 - z)^(c-a-b) 2F1(c-a, c-b; c; z) then has
 * small upper parameters (for BG/NBD: a+b-1-r and a-1) and converges in a few terms.
 */
export function logHyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(a > 0 && b > 0 && c > 0)) throw new RangeError(`logHyp2f1 needs a, b, c > 0 (got ${a}, ${b}, ${c})`);
  if (!(z >= 0 && z < 1)) throw new RangeError(`logHyp2f1 needs 0 <= z < 1 (got ${z})`);
  if (z === 0) return 0;
  if (Math.abs(c - a) + Math.abs(c - b) < (a + b) / 4 && c - a > -1 && c - b > -1) {
    const euler = signedSeries(c - a, c - b, c, z);
    if (euler > 0) return (c - a - b) * Math.log1p(-z) + Math.log(euler);
  }
  return positiveSeries(a, b, c, z);
}

/** The series when upper parameters may be negative (> -1): values stay moderate, no rescaling. */
function signedSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= Math.abs(sum) * 1e-17 && n > Math.abs(a * b) / c) return sum;
  }
  throw new RangeError(`2F1(${a}, ${b}, ${c}, ${z}) did not converge in ${MAX_TERMS} terms`);
}

function positiveSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < MAX_TERMS; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    // Terms shrink geometrically (ratio -> z) once n passes the peak; stop when one no longer moves the sum.
    if (term < sum * 1e-17 && n > (a * b) / c) return Math.log(sum) + logScale;
    if (sum > RESCALE_ABOVE) {
      logScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
  }
  throw new RangeError(`logHyp2f1(${a}, ${b}, ${c}, ${z}) did not converge in ${MAX_TERMS} terms`);
}
