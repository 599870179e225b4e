import fs from 'node:fs';
import path from 'node:path';
import { BASELINE_FILE, BASELINE_FORMAT } from './constants.js';
import type { Mode } from './benchmark.js';

/** The benchmark samples of one run, kept in their own small cache entry for later comparisons. */
export interface Baseline {
  format: number;
  branch: string;
  sha: string;
  runId: string;
  createdAt: string;
  /** Median time of the reference workload in that run (absent when calibration was off). */
  calibrationMs?: number;
  results: Array<{ command: string; mode: Mode; samples: number[] }>;
}

export type BaselineRead =
  | { status: 'found'; baseline: Baseline }
  | { status: 'missing' }
  | { status: 'unparsable'; reason: string };

function isBaseline(value: unknown): value is Baseline {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as Partial<Baseline>;
  return (
    candidate.format === BASELINE_FORMAT &&
    Array.isArray(candidate.results) &&
    candidate.results.every(
      (result) =>
        result &&
        typeof result.command === 'string' &&
        (result.mode === 'cold' || result.mode === 'warm') &&
        Array.isArray(result.samples) &&
        result.samples.every((sample) => typeof sample === 'number' && Number.isFinite(sample)),
    )
  );
}

export function readBaseline(dir: string): BaselineRead {
  const file = path.join(dir, BASELINE_FILE);
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    return { status: 'missing' };
  }
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!isBaseline(parsed))
      return { status: 'unparsable', reason: `${file} is not a format-${BASELINE_FORMAT} warmbuild baseline` };
    return { status: 'found', baseline: parsed };
  } catch (error) {
    return { status: 'unparsable', reason: `${file}: ${(error as Error).message}` };
  }
}

export function writeBaseline(dir: string, baseline: Baseline): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, BASELINE_FILE), `${JSON.stringify(baseline, null, 2)}\n`);
}

export function baselineSamples(baseline: Baseline | undefined, command: string, mode: Mode): number[] | undefined {
  return baseline?.results.find((result) => result.command === command && result.mode === mode)?.samples;
}
