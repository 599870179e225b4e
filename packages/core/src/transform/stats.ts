import type { TransformCacheStats } from './types.js';

export function emptyStats(plugin: string): TransformCacheStats {
  return { plugin, hits: 0, misses: 0, bypassed: 0, savedMs: 0 };
}

const totals = emptyStats('*');

export function addToTotals(stats: TransformCacheStats): void {
  totals.hits += stats.hits;
  totals.misses += stats.misses;
  totals.bypassed += stats.bypassed;
  totals.savedMs += stats.savedMs;
}

/** Sum of every wrapped plugin's counters over the builds this process finished (for build reports). */
export function transformCacheTotals(): TransformCacheStats {
  return { ...totals };
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** `warmbuild transform cache (name): 800 hits, 0 misses, 0 bypassed, saved 29.1 s` */
export function formatStatsLine(stats: TransformCacheStats): string {
  return `warmbuild transform cache (${stats.plugin}): ${stats.hits} hits, ${stats.misses} misses, ${stats.bypassed} bypassed, saved ${seconds(stats.savedMs)}`;
}
