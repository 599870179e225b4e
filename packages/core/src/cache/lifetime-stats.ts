import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../internal/atomic-write.js';
import type { CacheStats } from './cache-stats.js';

/** Counters summed over every run that used a cache directory, for `warmbuild cache stats`. */
export interface LifetimeStats {
  runs: number;
  hits: number;
  misses: number;
  writes: number;
  evictions: number;
  corrupt: number;
  bytesRead: number;
  bytesWritten: number;
  filesHashed: number;
  filesStatOnly: number;
  /** The last run's full stats. */
  lastRun?: CacheStats & { finishedAt: string };
}

const SUMMED = [
  'hits',
  'misses',
  'writes',
  'evictions',
  'corrupt',
  'bytesRead',
  'bytesWritten',
  'filesHashed',
  'filesStatOnly',
] as const;

export function lifetimeStatsFile(cacheRoot: string): string {
  return path.join(cacheRoot, 'stats.json');
}

export async function readLifetimeStats(cacheRoot: string): Promise<LifetimeStats | undefined> {
  try {
    const parsed = JSON.parse(await fs.promises.readFile(lifetimeStatsFile(cacheRoot), 'utf8')) as LifetimeStats;
    return typeof parsed.runs === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Add one run's stats. Two processes finishing at once may lose one run's counts, never corrupt the file. */
export async function addRunToLifetimeStats(cacheRoot: string, run: CacheStats): Promise<void> {
  const previous = await readLifetimeStats(cacheRoot);
  const next: LifetimeStats = { runs: (previous?.runs ?? 0) + 1 } as LifetimeStats;
  for (const key of SUMMED) next[key] = (previous?.[key] ?? 0) + run[key];
  next.lastRun = { ...run, finishedAt: new Date().toISOString() };
  await writeFileAtomic(lifetimeStatsFile(cacheRoot), JSON.stringify(next, null, 2));
}
