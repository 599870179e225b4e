import type { TransformCacheStats } from './types.js';

export function emptyTransformStats(plugin: string): TransformCacheStats {
  return { plugin, hits: 0, misses: 0, bypassed: 0, unchanged: 0, savedMs: 0, bypassReasons: {} };
}

const totals = emptyTransformStats('*');

function addInto(target: TransformCacheStats, stats: TransformCacheStats): void {
  target.hits += stats.hits;
  target.misses += stats.misses;
  target.bypassed += stats.bypassed;
  target.unchanged += stats.unchanged;
  target.savedMs += stats.savedMs;
  for (const [reason, count] of Object.entries(stats.bypassReasons))
    target.bypassReasons[reason] = (target.bypassReasons[reason] ?? 0) + count;
}

export function addToTotals(stats: TransformCacheStats): void {
  addInto(totals, stats);
}

/** Sum of every wrapped plugin's counters over the builds this process finished. */
export function transformCacheTotals(): TransformCacheStats {
  return { ...totals, bypassReasons: { ...totals.bypassReasons } };
}

// The counters of builds under way, one reader per wrapped plugin. The build report is written
// before closeBundle (where each plugin prints its line), so it reads these, not the totals.
const live = new Set<() => TransformCacheStats>();

export function trackLiveStats(read: () => TransformCacheStats): () => void {
  live.add(read);
  return () => void live.delete(read);
}

/** `report.json`'s `transformCache`: the sum, and each wrapped plugin's counters, as their stats lines will say. */
export interface TransformCacheReport extends TransformCacheStats {
  plugins: TransformCacheStats[];
}

export function currentTransformCacheStats(): TransformCacheReport {
  const sum = emptyTransformStats('*');
  const plugins: TransformCacheStats[] = [];
  for (const read of live) {
    const stats = read();
    if (stats.hits + stats.misses + stats.bypassed + stats.unchanged === 0) continue;
    addInto(sum, stats);
    plugins.push({ ...stats, savedMs: Math.round(stats.savedMs), bypassReasons: { ...stats.bypassReasons } });
  }
  return { ...sum, savedMs: Math.round(sum.savedMs), plugins };
}

/** `29.1 s` from a second up, else `40 ms`: the transform cache's line and the transform-time line say durations alike. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** `warmbuild transform cache (name): 800 hits, 0 misses, 0 bypassed, saved 29.1 s; 1 unchanged, not stored` */
export function formatStatsLine(stats: TransformCacheStats): string {
  const reasons = Object.entries(stats.bypassReasons).map(([reason, count]) => `${count} ${reason}`);
  return (
    `warmbuild transform cache (${stats.plugin}): ${stats.hits} hits, ${stats.misses} misses, ${stats.bypassed} bypassed` +
    `${reasons.length ? ` (${reasons.join(', ')})` : ''}, saved ${formatDuration(stats.savedMs)}` +
    (stats.unchanged ? `; ${stats.unchanged} returned their input unchanged, not stored` : '')
  );
}
