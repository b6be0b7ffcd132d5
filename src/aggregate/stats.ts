/** Small statistics used by the aggregations. */

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample skewness exactly as scipy.stats.skew with its defaults (bias=True): the biased
 * Fisher–Pearson coefficient g1 = m3 / m2^1.5 with population moments. NaN for constant input.
 */
export function skewness(xs: readonly number[]): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  const mu = xs.reduce((a, b) => a + b, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const x of xs) {
    const d = x - mu;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= n;
  m3 /= n;
  // scipy treats a variance within rounding of zero as constant input.
  if (m2 <= (Number.EPSILON * mu) ** 2) return Number.NaN;
  return m3 / m2 ** 1.5;
}
