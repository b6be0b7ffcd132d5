import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapMean, clusteredRate, mcnemar, meanOf, pairedBootstrap, wilson } from '../src/stats/intervals.ts';

describe('Wilson interval', () => {
  it.each([
    [2, 3, 0.2076596, 0.9385081],
    [0, 20, 0, 0.1611251],
    [20, 20, 0.8388749, 1],
    [45, 100, 0.3561454, 0.5475539],
  ])('%i of %i → [%f, %f]', (k, n, lo, hi) => {
    const [a, b] = wilson(k, n)!;
    expect(a).toBeCloseTo(lo, 6);
    expect(b).toBeCloseTo(hi, 6);
  });
  it('has no interval without trials', () => expect(wilson(0, 0)).toBeNull());
});

describe('bootstrap', () => {
  const xs = [0.91, 0.42, 0.77, 0.63, 0.88, 0.35, 0.59, 0.71, 0.95, 0.5, 0.66, 0.81];
  it('is reproducible with its fixed seed and brackets the mean', () => {
    const a = bootstrap(xs, meanOf)!;
    const b = bootstrap(xs, meanOf)!;
    expect(a).toEqual(b);
    expect(a[0]).toBeLessThan(meanOf(xs));
    expect(a[1]).toBeGreaterThan(meanOf(xs));
    // Width close to the normal approximation 2 × 1.96 × sd/√n.
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - meanOf(xs)) ** 2, 0) / xs.length);
    expect(a[1] - a[0]).toBeGreaterThan(0.75 * 2 * 1.96 * (sd / Math.sqrt(xs.length)));
    expect(a[1] - a[0]).toBeLessThan(1.25 * 2 * 1.96 * (sd / Math.sqrt(xs.length)));
    expect(bootstrap(xs, meanOf, { seed: 7 })).not.toEqual(a);
  });

  it('of a mean, from cluster sums: the same interval as resampling the values', () => {
    const clusters = xs.map((_, i) => `item-${i % 4}`);
    for (const opts of [{}, { clusters }, { clusters, seed: 3, resamples: 400 }]) {
      const [lo, hi] = bootstrap(xs, meanOf, opts)!;
      const fast = bootstrapMean(xs, opts)!;
      expect(fast[0]).toBeCloseTo(lo, 12);
      expect(fast[1]).toBeCloseTo(hi, 12);
    }
    // Clusters resampled whole give a wider interval when items differ and translations agree.
    const alike = xs.flatMap((x) => [x, x, x]);
    const byItem = xs.flatMap((_, i) => [`i${i}`, `i${i}`, `i${i}`]);
    const [clo, chi] = bootstrapMean(alike, { clusters: byItem })!;
    const [ulo, uhi] = bootstrapMean(alike)!;
    expect(chi - clo).toBeGreaterThan(1.4 * (uhi - ulo));
  });

  it('paired: the interval of the mean difference excludes zero for a consistent improvement', () => {
    const pairs = xs.map((x, i) => [x, x + 0.05 + (i % 3) * 0.01] as [number, number]);
    const r = pairedBootstrap(pairs);
    expect(r.difference).toBeCloseTo(0.06, 10);
    expect(r.interval![0]).toBeGreaterThan(0);
  });
});

describe('McNemar', () => {
  const table = (b: number, c: number, same: number) => [
    ...Array.from({ length: b }, () => [1, 0] as [number, number]),
    ...Array.from({ length: c }, () => [0, 1] as [number, number]),
    ...Array.from({ length: same }, (_, i) => [i % 2, i % 2] as [number, number]),
  ];
  it('uses the exact binomial test for few discordant pairs (b=10, c=3)', () => {
    const r = mcnemar(table(10, 3, 40));
    expect(r).toMatchObject({ b: 10, c: 3, method: 'exact' });
    expect(r.pValue).toBeCloseTo(0.0922852, 6);
  });
  it('uses the continuity-corrected chi-square for many (b=30, c=12)', () => {
    const r = mcnemar(table(30, 12, 10));
    expect(r.method).toBe('chi-square');
    expect(r.statistic).toBeCloseTo(289 / 42, 10);
    expect(r.pValue).toBeCloseTo(0.008711, 4);
  });
  it('gives p = 1 with no discordant pairs', () => expect(mcnemar(table(0, 0, 10)).pValue).toBe(1));
});

describe('clustered intervals', () => {
  it('are wider than unclustered ones when translations of an item behave alike', () => {
    // 20 items × 15 languages; an item is refused in every language or in none.
    const values: number[] = [];
    const clusters: string[] = [];
    for (let item = 0; item < 20; item++) for (let lang = 0; lang < 15; lang++) {
      values.push(item < 12 ? 1 : 0);
      clusters.push(`item-${item}`);
    }
    const plain = wilson(values.filter((v) => v === 1).length, values.length)!;
    const clustered = clusteredRate(values, clusters)!;
    expect(clustered.rate).toBeCloseTo(0.6);
    expect(clustered.designEffect).toBeCloseTo(15, 6);
    expect(clustered.effectiveN).toBeCloseTo(20, 6);
    expect(clustered.interval![1] - clustered.interval![0]).toBeGreaterThan(2.5 * (plain[1] - plain[0]));
    // Equal to Wilson on the 20 independent items.
    expect(clustered.interval![0]).toBeCloseTo(wilson(12, 20)![0], 6);
  });

  it('are no wider than needed when outcomes do not cluster', () => {
    const values: number[] = [];
    const clusters: string[] = [];
    for (let item = 0; item < 20; item++) for (let lang = 0; lang < 15; lang++) {
      values.push((item + lang) % 2);
      clusters.push(`item-${item}`);
    }
    const r = clusteredRate(values, clusters)!;
    expect(r.designEffect).toBeLessThan(1.2);
    const plain = wilson(values.filter((v) => v === 1).length, values.length)!;
    expect(r.interval![1] - r.interval![0]).toBeCloseTo(plain[1] - plain[0], 2);
  });
});
