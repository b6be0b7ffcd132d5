/** Agreement between two raters over the same cases. */

/** Cohen's kappa: agreement beyond what the two raters' label frequencies give by chance. */
export function cohensKappa(pairs: Array<[string, string]>): number {
  const n = pairs.length;
  if (n === 0) return Number.NaN;
  const labels = [...new Set(pairs.flat())];
  const po = pairs.filter(([a, b]) => a === b).length / n;
  const pe = labels.reduce((s, l) => s + (pairs.filter(([a]) => a === l).length / n) * (pairs.filter(([, b]) => b === l).length / n), 0);
  return pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
}
