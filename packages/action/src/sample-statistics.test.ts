import { describe, expect, it } from 'vitest';
import { bootstrapRatio, compareSamples, createRandom, mad, median } from './sample-statistics.js';

/** Samples around `center` with seeded, heavy-tailed noise (an occasional 30% outlier, as CI gives). */
function noisy(center: number, count: number, seed: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const jitter = (random() - 0.5) * 0.1 * center;
    return center + jitter + (random() < 0.15 ? 0.3 * center : 0);
  });
}

describe('median and MAD', () => {
  it('are robust to one outlier', () => {
    expect(median([100, 101, 99, 5000, 100])).toBe(100);
    expect(mad([100, 101, 99, 5000, 100])).toBe(1);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });
});

describe('bootstrapRatio', () => {
  it('is deterministic: the same samples give the same interval', () => {
    const a = noisy(1000, 7, 1);
    const b = noisy(1100, 7, 2);
    expect(bootstrapRatio(a, b)).toEqual(bootstrapRatio(a, b));
  });

  it('brackets the ratio of medians', () => {
    const interval = bootstrapRatio(noisy(1000, 9, 3), noisy(2000, 9, 4));
    expect(interval.low).toBeLessThanOrEqual(interval.ratio);
    expect(interval.high).toBeGreaterThanOrEqual(interval.ratio);
    expect(interval.low).toBeGreaterThan(1.5);
  });
});

describe('compareSamples', () => {
  const options = { threshold: 10, minDeltaMs: 100 };

  it('never flags two samples of the same distribution, over many seeds', () => {
    for (let seed = 0; seed < 200; seed++) {
      const verdict = compareSamples(noisy(1500, 5, seed * 2 + 1), noisy(1500, 5, seed * 2 + 2), options).verdict;
      expect(verdict, `seed ${seed}`).not.toBe('regressed');
    }
  });

  it('never flags identical samples', () => {
    const samples = [812, 790, 1400, 805, 799];
    expect(compareSamples(samples, [...samples], options).verdict).toBe('unchanged');
  });

  it('flags a clear slowdown, and a clear speed-up as improved', () => {
    expect(compareSamples(noisy(1000, 5, 7), noisy(1600, 5, 8), options).verdict).toBe('regressed');
    expect(compareSamples(noisy(1600, 5, 9), noisy(1000, 5, 10), options).verdict).toBe('improved');
  });

  it('does not flag a large relative change smaller than min-delta-ms', () => {
    const comparison = compareSamples([20, 21, 20, 22, 20], [40, 41, 40, 42, 40], options);
    expect(comparison.deltaPercent).toBeCloseTo(100, 0);
    expect(comparison.verdict).toBe('unchanged');
  });

  it('never flags with fewer than three runs on either side', () => {
    expect(compareSamples([1000, 1010, 990], [3000], options).verdict).toBe('inconclusive');
    expect(compareSamples([1000, 1010], [3000, 3010, 2990], options).verdict).toBe('inconclusive');
  });

  it('says no-baseline without baseline samples', () => {
    expect(compareSamples(undefined, [1, 2, 3], options).verdict).toBe('no-baseline');
    expect(compareSamples([], [1, 2, 3], options).verdict).toBe('no-baseline');
  });
});
