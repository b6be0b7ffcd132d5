/**
 * Interval estimates and paired tests for the report: Wilson intervals for rates, percentile
 * bootstrap intervals for continuous scores, a cluster-robust interval for rates pooled over
 * languages (translations of one item are not independent), McNemar's test for paired binary
 * outcomes and a paired bootstrap for paired continuous scores. All resampling uses a seeded
 * generator, so a report is reproducible.
 */

export type Interval = [number, number];

export const Z95 = 1.959963984540054;

/** Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A small, fast, seeded generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  level?: number;
}

type ClusterOptions = BootstrapOptions & { clusters?: string[] };

/** Units grouped by cluster, in order of first appearance (one group per unit without clusters). */
function groupsOf<T>(units: T[], clusters: string[] | undefined): T[][] {
  if (!clusters) return units.map((u) => [u]);
  const byCluster = new Map<string, T[]>();
  units.forEach((u, i) => {
    const group = byCluster.get(clusters[i]!);
    if (group) group.push(u);
    else byCluster.set(clusters[i]!, [u]);
  });
  return [...byCluster.values()];
}

/**
 * Draws B resamples of `groups` group indices (with replacement) and returns the percentile
 * interval of the finite statistics, or null when fewer than half are finite.
 */
function percentileBootstrap(groups: number, statistic: (draw: () => number) => number, opts: BootstrapOptions): Interval | null {
  const B = opts.resamples ?? 1000;
  const rand = seededRandom(opts.seed ?? 20261123);
  const alpha = (1 - (opts.level ?? 0.95)) / 2;
  const draw = () => Math.floor(rand() * groups);
  const stats: number[] = [];
  for (let b = 0; b < B; b++) {
    const v = statistic(draw);
    if (Number.isFinite(v)) stats.push(v);
  }
  if (stats.length < B / 2) return null;
  stats.sort((x, y) => x - y);
  return [quantile(stats, alpha), quantile(stats, 1 - alpha)];
}

/**
 * Percentile bootstrap interval of a statistic over units (resampled with replacement). With
 * clusters, whole clusters are resampled: units of one cluster travel together.
 */
export function bootstrap<T>(units: T[], statistic: (sample: T[]) => number, opts: ClusterOptions = {}): Interval | null {
  if (units.length < 2) return null;
  const groups = groupsOf(units, opts.clusters);
  if (groups.length < 2) return null;
  return percentileBootstrap(
    groups.length,
    (draw) => {
      const sample: T[] = [];
      for (let i = 0; i < groups.length; i++) sample.push(...groups[draw()]!);
      return statistic(sample);
    },
    opts,
  );
}

/**
 * bootstrap(values, meanOf, opts) from per-cluster sums: the same resamples, without building
 * a sample per resample (the report computes hundreds of these intervals).
 */
export function bootstrapMean(values: number[], opts: ClusterOptions = {}): Interval | null {
  if (values.length < 2) return null;
  const groups = groupsOf(values, opts.clusters);
  if (groups.length < 2) return null;
  const sums = Float64Array.from(groups, (g) => g.reduce((a, b) => a + b, 0));
  const sizes = Float64Array.from(groups, (g) => g.length);
  return percentileBootstrap(
    groups.length,
    (draw) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < groups.length; i++) {
        const g = draw();
        sum += sums[g]!;
        n += sizes[g]!;
      }
      return sum / n;
    },
    opts,
  );
}

export function meanOf(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * A rate pooled over clusters (an item's translations). The design effect — the variance of the
 * cluster-robust (ratio) estimator over that of independent cases — shrinks the sample to an
 * effective size n / deff, and the interval is Wilson's on that size. When every case has the
 * same outcome the design effect cannot be estimated and the cautious bound, the mean cluster
 * size (every translation of an item behaving alike), is used.
 */
export function clusteredRate(values: number[], clusters: string[], z = Z95): { rate: number; interval: Interval | null; designEffect: number; effectiveN: number } | null {
  if (values.length === 0) return null;
  const sums = new Map<string, { y: number; m: number }>();
  values.forEach((v, i) => {
    const c = sums.get(clusters[i]!) ?? { y: 0, m: 0 };
    c.y += v;
    c.m += 1;
    sums.set(clusters[i]!, c);
  });
  const total = values.length;
  const rate = values.reduce((a, b) => a + b, 0) / total;
  const k = sums.size;
  const meanSize = total / k;
  let deff = meanSize;
  const srs = (rate * (1 - rate)) / total;
  if (k >= 2 && srs > 0) {
    let ss = 0;
    for (const { y, m } of sums.values()) ss += (y - rate * m) ** 2;
    const variance = (k / (k - 1)) * (ss / (total * total));
    deff = Math.min(meanSize, Math.max(1, variance / srs));
  }
  const effectiveN = total / deff;
  return { rate, interval: wilson(rate * effectiveN, effectiveN, z), designEffect: deff, effectiveN };
}

/** Standard normal upper tail. */
function normalSf(x: number): number {
  // Abramowitz–Stegun 26.2.17, accurate to 7.5e-8.
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989422804014327 * Math.exp((-x * x) / 2);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? p : 1 - p;
}

function binomialTwoSidedExact(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  // P(X <= k) for X ~ Bin(n, 1/2), doubled and capped at 1.
  let logCoef = 0;
  let cdf = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logCoef += Math.log(n - i + 1) - Math.log(i);
    cdf += Math.exp(logCoef - n * Math.LN2);
  }
  return Math.min(1, 2 * cdf);
}

export interface McNemarResult {
  /** Discordant pairs: first right, second wrong (b) and the reverse (c). */
  b: number;
  c: number;
  statistic: number;
  pValue: number;
  method: 'exact' | 'chi-square';
}

/**
 * McNemar's test on paired binary outcomes. With fewer than 25 discordant pairs the exact
 * binomial test is used; otherwise the chi-square statistic with continuity correction.
 */
export function mcnemar(pairs: Array<[number, number]>): McNemarResult {
  let b = 0;
  let c = 0;
  for (const [x, y] of pairs) {
    if (x === 1 && y === 0) b++;
    else if (x === 0 && y === 1) c++;
  }
  if (b + c === 0) return { b, c, statistic: 0, pValue: 1, method: 'exact' };
  if (b + c < 25) return { b, c, statistic: Math.min(b, c), pValue: binomialTwoSidedExact(b, c), method: 'exact' };
  const statistic = (Math.abs(b - c) - 1) ** 2 / (b + c);
  return { b, c, statistic, pValue: 2 * normalSf(Math.sqrt(statistic)), method: 'chi-square' };
}

/** Paired bootstrap of the mean difference (second − first) and its interval. */
export function pairedBootstrap(pairs: Array<[number, number]>, opts: ClusterOptions = {}): { difference: number; interval: Interval | null } {
  const diffs = pairs.map(([x, y]) => y - x);
  return { difference: diffs.length ? meanOf(diffs) : Number.NaN, interval: bootstrapMean(diffs, opts) };
}
