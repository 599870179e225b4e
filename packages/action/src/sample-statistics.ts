/** Robust summaries and a seeded bootstrap: the numbers behind every verdict. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median absolute deviation (unscaled): half the samples lie within median ± MAD. */
export function mad(values: readonly number[]): number {
  const center = median(values);
  return median(values.map((value) => Math.abs(value - center)));
}

/** mulberry32: a tiny seeded PRNG, so the same samples always give the same interval. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function resample(values: readonly number[], random: () => number): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[Math.floor(random() * values.length)];
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export interface RatioInterval {
  /** median(current) / median(baseline). */
  ratio: number;
  low: number;
  high: number;
}

/**
 * Percentile bootstrap interval of median(current)/median(baseline). The seed is derived from
 * the samples themselves, so a rerun over the same numbers prints the same interval.
 */
export function bootstrapRatio(
  baseline: readonly number[],
  current: readonly number[],
  options: { iterations?: number; confidence?: number } = {},
): RatioInterval {
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const ratio = median(current) / median(baseline);
  const random = createRandom(seedFrom([...baseline, ...current]));
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const base = median(resample(baseline, random));
    if (base > 0) ratios.push(median(resample(current, random)) / base);
  }
  if (ratios.length === 0) return { ratio, low: Number.NaN, high: Number.NaN };
  ratios.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { ratio, low: quantile(ratios, tail), high: quantile(ratios, 1 - tail) };
}

function seedFrom(values: readonly number[]): number {
  let seed = 0x9e3779b9;
  for (const value of values) seed = Math.imul(seed ^ Math.round(value * 1000), 0x85ebca6b) >>> 0;
  return seed;
}

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'no-baseline';

/** Below this many samples on either side, spread cannot be told from change: never flag. */
export const MIN_SAMPLES = 3;

export interface Comparison {
  baselineMedian: number | undefined;
  currentMedian: number;
  currentMad: number;
  baselineMad: number | undefined;
  /** Percent change of the median, (current - baseline) / baseline * 100. */
  deltaPercent: number | undefined;
  interval: RatioInterval | undefined;
  verdict: Verdict;
}

export interface CompareOptions {
  /** Percent over the baseline the whole interval must clear. */
  threshold: number;
  /** Minimum absolute difference of the medians, in ms. */
  minDeltaMs: number;
}

/**
 * A change is a regression (or an improvement) only when the whole confidence interval of the
 * ratio lies beyond the threshold AND the medians differ by more than `minDeltaMs`. Noise moves
 * the interval across 1, not past 1 + threshold, so two runs of the same code come out unchanged.
 */
export function compareSamples(
  baseline: readonly number[] | undefined,
  current: readonly number[],
  options: CompareOptions,
): Comparison {
  const currentMedian = median(current);
  const currentMad = mad(current);
  if (!baseline || baseline.length === 0) {
    return {
      baselineMedian: undefined,
      baselineMad: undefined,
      currentMedian,
      currentMad,
      deltaPercent: undefined,
      interval: undefined,
      verdict: 'no-baseline',
    };
  }
  const baselineMedian = median(baseline);
  const interval = bootstrapRatio(baseline, current);
  const deltaPercent = baselineMedian > 0 ? ((currentMedian - baselineMedian) / baselineMedian) * 100 : undefined;
  const factor = 1 + options.threshold / 100;
  const difference = currentMedian - baselineMedian;
  let verdict: Verdict = 'unchanged';
  if (baseline.length < MIN_SAMPLES || current.length < MIN_SAMPLES) verdict = 'inconclusive';
  else if (interval.low > factor && difference > options.minDeltaMs) verdict = 'regressed';
  else if (interval.high < 1 / factor && -difference > options.minDeltaMs) verdict = 'improved';
  return { baselineMedian, baselineMad: mad(baseline), currentMedian, currentMad, deltaPercent, interval, verdict };
}
